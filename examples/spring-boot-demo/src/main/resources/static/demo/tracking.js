/*
 * Offline stand-in for LiveChat's tracking.js, served by the demo. It does what the real script does
 * with the calls the page queued before it loaded (LiveChatWidget._q: set_customer_name,
 * set_customer_email, set_session_variables, update_session_variables), keeps handling later calls,
 * and instead of a chat window draws a small panel listing exactly what it received, with the
 * identity token decoded and checked by the demo's /demo/token-check endpoint.
 * Nothing here talks to LiveChat; with a real license the real script loads instead.
 */
(function (w, d) {
  'use strict';
  var widget = w.LiveChatWidget;
  if (!widget || w.lcbridgeDemo) { return; }
  var received = w.lcbridgeDemo = {
    license: (w.__lc || {}).license || null,
    organizationId: (w.__lc || {}).organizationId || null,
    name: null, email: null, vars: {}, calls: [], token: null, check: null
  };
  var TOKEN_VARIABLE = 'lc_identity';

  function stringMap(obj) {
    var out = {};
    Object.keys(obj || {}).forEach(function (k) { out[k] = String(obj[k]); });
    return out;
  }

  function handle(entry) {
    var kind = entry[0], args = entry[1] || [];
    received.calls.push(kind + ':' + args[0]);
    if (kind !== 'call') { return; }
    var name = args[0], data = args[1];
    // a blank name or email is how the bridge clears them after logout (the widget refuses empty values)
    if (name === 'set_customer_name' && data) { received.name = String(data).trim() ? String(data) : null; }
    if (name === 'set_customer_email' && data) { received.email = String(data).trim() ? String(data) : null; }
    if (name === 'set_session_variables') { received.vars = stringMap(data); }
    if (name === 'update_session_variables') {
      var add = stringMap(data);
      Object.keys(add).forEach(function (k) { received.vars[k] = add[k]; });
    }
  }

  (widget._q || []).forEach(handle);
  widget._q = [];
  widget._h = function (kind, args) { handle([kind, args]); render(); };

  function el(tag, attrs, text) {
    var e = d.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function row(table, label, value, id) {
    var tr = el('tr');
    tr.appendChild(el('th', {}, label));
    var td = el('td', id ? { id: id } : {}, value);
    tr.appendChild(td);
    table.appendChild(tr);
    return td;
  }

  function render() {
    if (!d.body) { return; } // calls made before <body> exists are drawn once it does (start below)
    var panel = d.getElementById('lcbridge-preview');
    if (panel) { panel.parentNode.removeChild(panel); }
    panel = el('aside', { id: 'lcbridge-preview', 'aria-label': 'What the LiveChat widget received' });
    // laid out by the demo's stylesheet (demo.css): a fixed card at the bottom right on wide screens, and in the
    // page's flow after the content on narrower ones, so it never covers what it explains
    panel.appendChild(el('div', { style: 'font-weight:bold;color:#ff5100;margin-bottom:6px' },
      'LiveChat widget (offline preview) received:'));
    var t = el('table', { style: 'border-collapse:collapse;width:100%' });
    row(t, 'license', String(received.license || received.organizationId), 'lcbridge-license');
    row(t, 'name', received.name || '(none)', 'lcbridge-name');
    row(t, 'email', received.email || '(none)', 'lcbridge-email');
    row(t, 'LiveChat customer', received.customer || '(LiveChat cookie identity)', 'lcbridge-customer');
    var keys = Object.keys(received.vars);
    if (keys.length === 0) { row(t, 'session variables', '(none)', 'lcbridge-vars'); }
    keys.forEach(function (k) {
      var v = received.vars[k];
      var td = row(t, k, k === TOKEN_VARIABLE ? v.slice(0, 24) + '\u2026 (' + v.length + ' chars)' : v);
      td.setAttribute('data-var', k);
      td.setAttribute('data-value', v);
    });
    panel.appendChild(t);
    var token = received.vars[TOKEN_VARIABLE];
    var status = el('div', { id: 'lcbridge-token-status', style: 'margin-top:8px;font-weight:bold' });
    if (!token) {
      status.textContent = 'No identity token: anonymous visitor.';
      status.setAttribute('data-status', 'NO_TOKEN');
    } else if (!received.check) {
      status.textContent = 'Checking the token\u2026';
    } else {
      var ok = received.check.status === 'VERIFIED';
      status.textContent = 'Token: ' + received.check.status + (ok ? ' \u2714' : ' \u2718') + ' \u2014 ' + received.check.reason
        + (received.check.expiresAt ? ' (expires ' + received.check.expiresAt.replace(/\.\d+Z$/, 'Z') + ')' : '');
      status.style.color = ok ? '#0a7a2f' : '#b3261e';
      status.setAttribute('data-status', received.check.status);
      var details = el('details', { open: '' });
      details.appendChild(el('summary', { style: 'cursor:pointer' }, 'token decoded'));
      details.appendChild(el('pre', { id: 'lcbridge-token-claims', style: 'white-space:pre-wrap;background:#f6f7fb;padding:6px;margin:6px 0 0' },
        'header ' + JSON.stringify(received.check.header) + '\nclaims ' + JSON.stringify(received.check.claims, null, 1)));
      panel.appendChild(status);
      panel.appendChild(details);
      d.body.appendChild(panel);
      return;
    }
    panel.appendChild(status);
    d.body.appendChild(panel);
  }

  function checkToken() {
    var token = received.vars[TOKEN_VARIABLE];
    if (!token || received.token === token) { return; }
    received.token = token;
    fetch('/demo/token-check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=' + encodeURIComponent(token),
      credentials: 'same-origin'
    }).then(function (r) { return r.json(); })
      .then(function (check) { received.check = check; render(); })
      .catch(function (e) { received.check = { status: 'CHECK_FAILED', reason: String(e), header: {}, claims: {} }; render(); });
  }

  // Customer identity binding: like the real widget, ask the custom identity provider for the customer token.
  function customerIdentity() {
    var factory = (w.__lc || {}).custom_identity_provider;
    if (typeof factory !== 'function') { return; }
    factory().getToken().then(function (t) { received.customer = t.entityId + ' (custom identity)'; render(); },
      function (e) { received.customer = 'token failed: ' + String(e); render(); });
  }

  function start() { render(); checkToken(); customerIdentity(); }
  if (d.body) { start(); } else { d.addEventListener('DOMContentLoaded', start); }
}(window, document));
