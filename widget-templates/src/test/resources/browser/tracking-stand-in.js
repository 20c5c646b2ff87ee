// Stand-in for https://cdn.livechatinc.com/tracking.js used by the browser tests: drains the queue
// the loader built before this script arrived, records each call, and records later calls too.
(function () {
  var widget = window.LiveChatWidget;
  var record = function (entry) { return [entry[0], Array.prototype.slice.call(entry[1])]; };
  window.__recorded = widget && widget._q ? widget._q.splice(0, widget._q.length).map(record) : null;
  window.__lcSeen = JSON.parse(JSON.stringify(window.__lc === undefined ? null : window.__lc));
  window.__trackingLoads = (window.__trackingLoads || 0) + 1;
  if (widget) {
    widget._h = function (entry) { window.__recorded.push(record(entry)); };
  }
  window.__done = true;
})();
