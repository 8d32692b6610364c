// The page's frame on small screens (site.css decides what "small" is). A file, not inline script: the CSP forbids inline script.
// Without JavaScript the menu simply stays open and tables scroll by the CSS fallback (html:not(.js) table).
(function () {
  document.documentElement.classList.add('js');

  function ready() {
    // The menu folds behind its button; the button shows only where the CSS hides the menu (phones).
    var toggle = document.querySelector('.menu-toggle');
    var nav = toggle && document.getElementById(toggle.getAttribute('aria-controls'));
    if (nav) {
      nav.classList.add('foldable');
      toggle.hidden = false;
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        nav.classList.toggle('open', open);
      });
    }
    // A table wider than the screen scrolls inside its own box instead of dragging the whole page sideways.
    document.querySelectorAll('main table').forEach(function (table) {
      if (table.parentElement.classList.contains('table-scroll')) return;
      var box = document.createElement('div');
      box.className = 'table-scroll';
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    scrollable();
    window.addEventListener('resize', scrollable);
  }

  // A box that scrolls must be reachable by keyboard to be scrolled (axe: scrollable-region-focusable); one that
  // does not scroll stays out of the tab order.
  function scrollable() {
    document.querySelectorAll('.table-scroll, pre.charter').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) box.setAttribute('tabindex', '0');
      else box.removeAttribute('tabindex');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
