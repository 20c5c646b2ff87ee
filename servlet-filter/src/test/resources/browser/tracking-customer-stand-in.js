// Stand-in for https://cdn.livechatinc.com/tracking.js used by the logout browser test. Like the widget-templates
// stand-in it drains the queue the loader built and records this page's calls in window.__recorded. Unlike it, it
// also keeps the LiveChat customer the calls describe across pages (in localStorage, as LiveChat keeps its customer
// across pages of a site) and applies the calls the way tracking.js does (docs/logout.md): set_session_variables
// replaces every variable, update_session_variables merges, values become strings, and an empty or null name or email
// is refused with a warning, keeping the old value.
(function () {
  var KEY = 'lcbridge.stand-in.customer';
  var widget = window.LiveChatWidget;
  var customer = JSON.parse(window.localStorage.getItem(KEY) || '{"name":null,"email":null,"vars":{}}');
  window.__refused = [];

  function strings(obj) {
    var out = {};
    Object.keys(obj || {}).forEach(function (k) { out[k] = String(obj[k]); });
    return out;
  }

  function apply(entry) {
    var kind = entry[0], args = Array.prototype.slice.call(entry[1]);
    window.__recorded.push([kind, args]);
    if (kind !== 'call') { return; }
    var name = args[0], data = args[1];
    if (name === 'set_customer_name' || name === 'set_customer_email') {
      var value = data === null || data === undefined ? data : data + '';
      if (!value) {
        window.__refused.push(name);
        console.warn('[LiveChatWidget] Customer ' + name.slice(13) + ' cannot be set to empty string');
        return;
      }
      customer[name.slice(13)] = value;
    } else if (name === 'set_session_variables') {
      customer.vars = strings(data);
    } else if (name === 'update_session_variables') {
      var add = strings(data);
      Object.keys(add).forEach(function (k) { customer.vars[k] = add[k]; });
    }
    window.localStorage.setItem(KEY, JSON.stringify(customer));
  }

  window.__recorded = [];
  if (widget && widget._q) {
    widget._q.splice(0, widget._q.length).forEach(apply);
    widget._h = apply;
  }
  window.__customer = function () { return JSON.parse(window.localStorage.getItem(KEY)); };
  window.__done = true;
})();
