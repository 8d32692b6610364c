// Draws a process diagram (pre.mermaid) when its <details> is first opened: the 3.5 MB Mermaid script is
// fetched only then, so a details page stays light. A file, not an inline script, so the CSP can forbid inline script.
document.querySelectorAll('details.diagram').forEach(function (box) {
  box.addEventListener('toggle', function () {
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = '1';
    var script = document.createElement('script');
    script.src = box.dataset.src;
    script.onload = function () {
      // More room between states than Mermaid's 50 px, so the transition labels have space between the curves.
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', state: { nodeSpacing: 80, rankSpacing: 60 } });
      mermaid.run({ nodes: box.querySelectorAll('pre.mermaid') }).then(function () {
        box.querySelectorAll('svg').forEach(separateLabels);
        box.dataset.drawn = '1'; // for tests: the picture is final
      });
    };
    document.head.appendChild(script);
  });
});

// A step and its way back between the same two states (Submit / no instructor accepted) are drawn as two
// curves side by side, and Mermaid puts each label at the middle of its curve: the two labels land on top
// of each other, whatever the spacing. Overlapping labels are moved apart along the shorter way out.
function separateLabels(svg) {
  var labels = Array.prototype.filter.call(svg.querySelectorAll('g.edgeLabel'), function (l) { return l.textContent.trim() !== ''; });
  var view = svg.viewBox && svg.viewBox.baseVal;
  var scale = view && view.width ? svg.getBoundingClientRect().width / view.width : 1;
  var gap = 4;
  function move(label, dx, dy) {
    var t = svg.createSVGTransform();
    t.setTranslate(dx / scale, dy / scale);
    label.transform.baseVal.appendItem(t);
  }
  for (var pass = 0; pass < 10; pass++) {
    var moved = false;
    for (var i = 0; i < labels.length; i++) {
      for (var j = i + 1; j < labels.length; j++) {
        var a = labels[i].getBoundingClientRect(), b = labels[j].getBoundingClientRect();
        var x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x <= 0 || y <= 0) continue;
        var first = a.top + a.bottom <= b.top + b.bottom, left = a.left + a.right <= b.left + b.right;
        if (y <= x) { move(labels[i], 0, (first ? -1 : 1) * (y + gap) / 2); move(labels[j], 0, (first ? 1 : -1) * (y + gap) / 2); }
        else { move(labels[i], (left ? -1 : 1) * (x + gap) / 2, 0); move(labels[j], (left ? 1 : -1) * (x + gap) / 2, 0); }
        moved = true;
      }
    }
    if (!moved) break;
  }
}
