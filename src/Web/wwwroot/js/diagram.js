// Draws a process diagram (pre.mermaid) when its <details> is first opened: the 3.5 MB Mermaid script is
// fetched only then, so a details page stays light. A file, not an inline script, so the CSP can forbid inline script.
document.querySelectorAll('details.diagram').forEach(function (box) {
  box.addEventListener('toggle', function () {
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = '1';
    var script = document.createElement('script');
    script.src = box.dataset.src;
    script.onload = function () {
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
      mermaid.run({ nodes: box.querySelectorAll('pre.mermaid') });
    };
    document.head.appendChild(script);
  });
});
