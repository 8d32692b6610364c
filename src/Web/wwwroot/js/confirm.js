// What cannot be undone asks first: a submit button (or form) with data-confirm="text" shows confirm(text) and the
// form is sent only if the reader agrees. Without JavaScript the form simply submits (the server still checks
// everything). One listener on the document, so it also covers forms added later; no inline script (CSP).
document.addEventListener('submit', event => {
    const text = event.submitter?.dataset.confirm ?? event.target.dataset?.confirm;
    if (text && !window.confirm(text)) event.preventDefault();
}, true);
