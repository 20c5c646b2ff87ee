/* The playground page: sends what the widget received on this page to /playground/simulate. */
(function (d) {
  'use strict';
  // each cell carries its column's name: on narrow screens the stylesheet shows a row as a card of labelled lines
  var LABELS = ['variant', 'HTTP', 'status', 'trusted (signed) identity', 'fields: chat vs signed', 'expected'];
  function text(tag, value, cls) {
    var e = d.createElement(tag);
    e.textContent = value;
    if (cls) { e.className = cls; }
    return e;
  }
  function label(tr) {
    Array.prototype.forEach.call(tr.children, function (td, i) { td.setAttribute('data-label', LABELS[i]); });
    return tr;
  }
  function describe(map) {
    return Object.keys(map || {}).map(function (k) { return k + ' ' + map[k]; }).join(', ');
  }
  function show(result) {
    var tr = d.createElement('tr');
    tr.setAttribute('data-variant', result.variant);
    var v = result.verdict;
    tr.setAttribute('data-status', v ? v.status : 'HTTP_' + result.httpStatus);
    tr.setAttribute('data-http', String(result.httpStatus));
    tr.setAttribute('data-chat-id', result.chatId || '');
    tr.appendChild(text('td', result.variant + ' (' + result.action + ')'));
    tr.appendChild(text('td', String(result.httpStatus), 'status ' + (result.httpStatus === 200 ? 'ok' : 'bad')));
    tr.appendChild(text('td', v ? v.status : 'not dispatched: ' + result.response,
      (v ? 'status ' : '') + (v && v.status === 'VERIFIED' ? 'ok' : 'bad')));
    tr.appendChild(text('td', v && v.trustedSubject
      ? v.trustedSubject + ' \u00b7 ' + v.trustedName + ' \u00b7 ' + v.trustedEmail + ' \u00b7 ' + describe(v.trustedVariables)
      : '\u2014'));
    var parts = [];
    if (v && Object.keys(v.fields || {}).length) { parts.push(describe(v.fields)); }
    if (v && Object.keys(v.unsignedVariables || {}).length) { parts.push('unsigned: ' + describe(v.unsignedVariables)); }
    var fields = text('td', parts.length ? parts.join(' | ') : '\u2014');
    fields.className = 'fields';
    tr.appendChild(fields);
    tr.appendChild(text('td', result.expected, 'status'));
    var body = d.querySelector('#results tbody');
    body.insertBefore(label(tr), body.firstChild);
  }
  function simulate(variant) {
    var received = window.lcbridgeDemo;
    if (!received) {
      show({ variant: variant, action: '-', httpStatus: 0, response: 'the widget stand-in has not loaded (real widget?)', expected: '' });
      return;
    }
    var csrf = d.getElementById('csrf');
    var headers = { 'Content-Type': 'application/json' };
    if (csrf && csrf.value) { headers['X-CSRF-TOKEN'] = csrf.value; }
    fetch('/playground/simulate', {
      method: 'POST', headers: headers, credentials: 'same-origin',
      body: JSON.stringify({ variant: variant, name: received.name, email: received.email, vars: received.vars })
    }).then(function (r) { return r.json(); }).then(function (result) {
      if (result.error) {
        show({ variant: variant, action: '-', httpStatus: 400, response: result.error, expected: '' });
      } else {
        show(result);
      }
    });
  }
  d.querySelectorAll('button[data-variant]').forEach(function (b) {
    b.addEventListener('click', function () { simulate(b.getAttribute('data-variant')); });
  });
}(document));
