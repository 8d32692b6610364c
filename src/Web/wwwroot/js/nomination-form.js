// Offers only the positions the chosen chain selects for; a presidium seat has no department.
(() => {
    const form = document.getElementById('nomination-form'), kind = document.getElementById('Kind'), dept = document.getElementById('department-field');
    const sync = () => {
        const chosen = form.querySelector('input[name=Chain]:checked');
        const kinds = (chosen ? chosen.dataset.kinds : '').split(',');
        for (const o of kind.options) o.disabled = !kinds.includes(o.value);
        if (kind.selectedOptions[0]?.disabled) kind.value = kinds[0];
        dept.hidden = kind.value === 'PresidiumMember';
    };
    form.addEventListener('change', sync);
    sync();
})();
