// The floor: the smallest tile that does the job, the reference the embed bundle is measured
// against in `npm run bench -- embed`. Read the script attributes, fetch the config, render one
// link in a shadow root, and set the same User Timing mark the bundle sets after the paint.
(function () {
  var script = document.currentScript;
  var slug = script.getAttribute('data-shop-slug');
  var api = script.getAttribute('data-api-origin');
  var app = script.getAttribute('data-app-origin');
  fetch(api + '/v1/shops/' + slug + '/resolve/embed-config', { credentials: 'omit' })
    .then(function (response) {
      return response.json();
    })
    .then(function (config) {
      if (!config.enabled) return;
      var host = document.createElement('div');
      var link = document.createElement('a');
      link.href = app + '/resolve/' + slug + '/finder?lang=' + config.default_language;
      link.textContent = 'Problem with your order? Start a claim';
      host.attachShadow({ mode: 'open' }).appendChild(link);
      document.body.appendChild(host);
      requestAnimationFrame(function () {
        setTimeout(function () {
          performance.mark('karla-resolve:tile-painted');
        }, 0);
      });
    });
})();
