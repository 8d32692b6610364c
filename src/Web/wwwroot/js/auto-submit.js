// A <select data-auto-submit> sends its form when changed (instead of an inline onchange, which the Content-Security-Policy forbids).
for (const field of document.querySelectorAll('[data-auto-submit]')) field.addEventListener('change', () => field.form.submit());
