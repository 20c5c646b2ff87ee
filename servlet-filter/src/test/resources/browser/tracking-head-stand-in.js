// Stand-in for https://cdn.livechatinc.com/tracking.js used by the head-placement browser test. Like a careful loader
// it may run before the page's <body> exists (the snippet sits at the end of <head>): it replays the LiveChatWidget
// queue at once, records whether document.body existed when it ran, and touches document.body only after
// DOMContentLoaded, where it mounts a container as the real widget mounts its iframe.
(function () {
  var widget = window.LiveChatWidget;
  window.__bodyWhenLoaded = document.body !== null;
  window.__readyStateWhenLoaded = document.readyState;
  window.__recorded = [];
  function apply(entry) {
    window.__recorded.push([entry[0], Array.prototype.slice.call(entry[1])]);
  }
  new Image().src = 'ran'; // tells the test's slow page that this script ran (resolved against the page's URL)
  if (widget && widget._q) {
    widget._q.splice(0, widget._q.length).forEach(apply);
    widget._h = apply;
  }
  function mount() {
    var container = document.createElement('div');
    container.id = 'chat-widget-container';
    document.body.appendChild(container);
    window.__done = true;
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }
})();
