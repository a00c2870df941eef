// The merchant's own storefront script: a "Report a problem" button on the order status page
// opens the Resolve flow through the public API (in an overlay), whether or not the bundle has
// loaded yet (the stub in <head> queues the call).
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('[data-report-problem]') : null;
    if (!button) return;
    window.KarlaResolve.open({
      orderNumber: button.getAttribute('data-order'),
      zipCode: button.getAttribute('data-zip'),
      target: button.getAttribute('data-target') || 'overlay',
    });
  });
})();
