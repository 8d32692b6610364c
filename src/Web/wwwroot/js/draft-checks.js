// AS-2.2 at once on the draft form: whenever the category or the chosen instructors change, ask the server's rule
// (the same one the instructor's acceptance uses) and show its warnings beside the instructor field. Without
// JavaScript the server shows them on save. No rule is repeated here: the script only asks and shows.
(() => {
    const box = document.getElementById('instructor-warnings');
    const form = box?.closest('form');
    const category = form?.querySelector('[name="Draft.Category"]');
    const picker = document.getElementById('instructor-picker');
    if (!box || !category || !picker) return;
    // Chosen chips carry hidden inputs; numbers typed without picking stay in the text field.
    const numbers = () => [...picker.querySelectorAll('input[name="Draft.Instructors"]')].map(i => i.value)
        .flatMap(v => v.split(/[\s,，;；、]+/)).filter(Boolean);
    let last = null;
    const check = async () => {
        const query = new URLSearchParams({ category: category.value });
        for (const n of numbers()) query.append('instructors', n);
        const key = query.toString();
        if (key === last) return;
        last = key;
        try {
            const response = await fetch(`${box.dataset.check}?${key}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
            if (!response.ok || key !== last) return;
            const { warnings } = await response.json();
            box.replaceChildren(...warnings.map(w => Object.assign(document.createElement('p'), { className: 'alert warn', textContent: w.message })));
        } catch { /* offline: the server says it again on save */ }
    };
    category.addEventListener('change', check);
    new MutationObserver(check).observe(picker, { childList: true, subtree: true });
    check();
})();
