// Client-side navigation like a single-page Help Center: internal links swap <main> and push
// history; back/forward re-render. Served as an external file so it runs under a strict CSP.
(function () {
  'use strict';
  var main = document.getElementById('hc-main');
  if (!main) return;

  function render(url, push) {
    return fetch(url, { headers: { 'X-HC-Partial': '1' } })
      .then(function (response) {
        return response.json();
      })
      .then(function (page) {
        // Our own server's markup, parsed inertly and adopted: scripts in it would not run.
        var doc = new DOMParser().parseFromString('<main>' + page.main + '</main>', 'text/html');
        var fresh = doc.querySelector('main');
        main.replaceChildren.apply(
          main,
          Array.prototype.slice.call(fresh.childNodes).map(function (n) {
            return document.adoptNode(n);
          }),
        );
        document.title = page.title;
        document.documentElement.lang = page.lang;
        if (push) history.pushState({ hc: true }, '', url);
      });
  }

  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[data-hc-link]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    render(link.href, true);
  });

  window.addEventListener('popstate', function () {
    render(location.href, false);
  });
})();
