// Search-as-you-type pickers (WAI-ARIA combobox with a listbox popup). The server renders a plain text field that
// works without JavaScript (type the numbers); this script turns every [data-picker] wrapper into a picker:
//   data-picker="/api/v1/search/teachers"  the search endpoint (answers at most ~20 matches for ?q=)
//   data-picker-value="staffNumber"        the field of a match that is sent
//   data-picker-multiple                   several values: chosen ones become chips with hidden inputs
// Texts come from data-picker-* attributes so that they follow the page's language.
(() => {
    const english = document.documentElement.lang === 'en';
    let counter = 0;

    const describe = (item, valueKey, texts) => {
        const name = (english && item.nameEn) || item.name || '';
        const value = item[valueKey];
        const college = (english && item.collegeEn) || item.college;
        const klass = (english && item.classNameEn) || item.className;
        const party = item.isPartyMember && texts.pickerParty;
        const guiding = item.guiding > 0 && texts.pickerGuiding ? texts.pickerGuiding.replace('{0}', item.guiding) : null;
        const extra = [college, klass, party, guiding].filter(Boolean).join(' · ');
        return { value: String(value), label: valueKey === 'id' ? name : `${name} (${value})`, extra };
    };

    const setup = (root) => {
        let input = root.querySelector('input[type=text], input:not([type])');
        // A <select> (the no-JavaScript choice, e.g. guidance units) gets a search field in front and stays the value sent.
        const select = input ? null : root.querySelector('select');
        if (select) {
            input = Object.assign(document.createElement('input'), { type: 'text', id: `${select.id}-search` });
            input.value = select.value ? select.selectedOptions[0].text : '';
            if (select.getAttribute('aria-describedby')) input.setAttribute('aria-describedby', select.getAttribute('aria-describedby'));
            select.before(input);
            select.hidden = true;
            const label = document.querySelector(`label[for="${select.id}"]`);
            if (label) label.htmlFor = input.id;
            input.addEventListener('change', () => { if (!input.value.trim()) select.value = ''; });
        }
        if (!input) return;
        const url = root.dataset.picker, valueKey = root.dataset.pickerValue || 'id', multiple = root.hasAttribute('data-picker-multiple');
        const name = input.name, id = `picker-${++counter}`;
        const labels = JSON.parse(root.dataset.pickerLabels || '{}');

        const list = document.createElement('ul');
        list.id = `${id}-list`; list.className = 'picker-list'; list.setAttribute('role', 'listbox'); list.hidden = true;
        const status = document.createElement('div');
        status.className = 'visually-hidden'; status.setAttribute('role', 'status'); status.setAttribute('aria-live', 'polite');
        input.setAttribute('role', 'combobox'); input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-expanded', 'false'); input.setAttribute('aria-controls', list.id); input.autocomplete = 'off';
        input.after(list, status);

        let chips = null;
        const addChip = (value, label) => {
            if ([...chips.querySelectorAll('input')].some(h => h.value === value)) return;
            const li = document.createElement('li');
            const hidden = Object.assign(document.createElement('input'), { type: 'hidden', name, value });
            const text = document.createElement('span'); text.textContent = label;
            const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'picker-remove', textContent: '×' });
            remove.setAttribute('aria-label', (root.dataset.pickerRemove || 'Remove {0}').replace('{0}', label));
            remove.addEventListener('click', () => { li.remove(); input.focus(); });
            li.append(text, hidden, remove);
            chips.append(li);
        };
        if (multiple) {
            // The typed text is only a search now; what was typed before (or sent back after an error) becomes chips.
            chips = document.createElement('ul');
            chips.className = 'picker-chips'; chips.setAttribute('aria-label', root.dataset.pickerChosen || '');
            input.before(chips);
            for (const v of input.value.split(/[\s,，;；、]+/).filter(Boolean)) addChip(v, labels[v] || v);
            input.value = '';
            input.removeAttribute('name');
            // Numbers typed and not picked are still sent, as without JavaScript.
            input.form?.addEventListener('submit', () => {
                for (const v of input.value.split(/[\s,，;；、]+/).filter(Boolean)) addChip(v, v);
                input.value = '';
            });
        }

        let items = [], active = -1, timer = 0, controller = null;
        const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
        const highlight = (i) => {
            const options = list.querySelectorAll('[role=option]');
            options.forEach((o, k) => o.setAttribute('aria-selected', String(k === i)));
            active = i;
            if (i >= 0 && options[i]) { input.setAttribute('aria-activedescendant', options[i].id); options[i].scrollIntoView({ block: 'nearest' }); }
            else input.removeAttribute('aria-activedescendant');
        };
        const pick = (i) => {
            const item = items[i];
            if (!item) return;
            if (select) {
                if (![...select.options].some(o => o.value === item.value)) select.add(new Option(item.label, item.value));
                select.value = item.value;
                input.value = item.label;
            }
            else if (multiple) { addChip(item.value, item.label); input.value = ''; }
            else { input.value = item.value; }
            root.dataset.pickedLabel = item.label;
            const chosen = root.querySelector('.picker-picked');
            if (chosen) chosen.textContent = multiple ? '' : item.label;
            close();
            input.focus();
        };
        const render = (found) => {
            items = found.map(x => describe(x, valueKey, root.dataset));
            list.replaceChildren(...items.map((item, i) => {
                const li = document.createElement('li');
                li.id = `${id}-option-${i}`; li.setAttribute('role', 'option'); li.setAttribute('aria-selected', 'false');
                li.dataset.value = item.value;
                const strong = document.createElement('span'); strong.textContent = item.label;
                li.append(strong);
                if (item.extra) { const small = document.createElement('small'); small.textContent = ` ${item.extra}`; li.append(small); }
                // mousedown, not click: picking must happen before the input loses focus.
                li.addEventListener('mousedown', (e) => { e.preventDefault(); pick(i); });
                return li;
            }));
            if (items.length === 0) {
                const li = document.createElement('li'); li.className = 'picker-empty'; li.textContent = root.dataset.pickerEmpty || '';
                list.append(li);
            }
            status.textContent = items.length ? (root.dataset.pickerMatches || '{0}').replace('{0}', items.length) : (root.dataset.pickerEmpty || '');
            list.hidden = false; input.setAttribute('aria-expanded', 'true'); active = -1;
        };
        const search = async () => {
            const term = input.value.trim();
            if (!term) { close(); return; }
            controller?.abort();
            controller = new AbortController();
            const sep = url.includes('?') ? '&' : '?';
            try {
                const response = await fetch(`${url}${sep}q=${encodeURIComponent(term)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal });
                if (!response.ok) { close(); return; }
                if (input.value.trim() === term) render(await response.json());
            } catch (e) { if (e.name !== 'AbortError') close(); }
        };

        input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 200); });
        input.addEventListener('keydown', (e) => {
            const open = !list.hidden && items.length > 0;
            if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) search(); else if (open) highlight((active + 1) % items.length); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); if (open) highlight(active <= 0 ? items.length - 1 : active - 1); }
            else if (e.key === 'Enter' && open && active >= 0) { e.preventDefault(); pick(active); }
            else if (e.key === 'Enter' && multiple && input.value.trim()) {
                // Enter on typed numbers adds them, instead of sending the form half-filled.
                e.preventDefault();
                if (open && items.length === 1) pick(0);
                else { for (const v of input.value.split(/[\s,，;；、]+/).filter(Boolean)) addChip(v, v); input.value = ''; close(); }
            }
            else if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); close(); }
            else if (e.key === 'Backspace' && multiple && !input.value && chips.lastElementChild) chips.lastElementChild.remove();
        });
        input.addEventListener('blur', () => setTimeout(close, 100));
    };

    document.querySelectorAll('[data-picker]').forEach(setup);
})();
