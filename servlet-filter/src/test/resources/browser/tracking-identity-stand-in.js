// Stand-in for https://cdn.livechatinc.com/tracking.js used by the customer identity browser test. It treats
// window.__lc.custom_identity_provider the way LiveChat documents it (docs/customer-identity.md): the provider must be
// set before the widget initialises and return getToken, getFreshToken, hasToken and invalidate (tracking.js checks the
// four and refuses a provider without them); the widget asks getToken on load, getFreshToken when the token expires,
// and invalidate + getFreshToken when LiveChat refuses a token. Without a provider the customer is LiveChat's cookie
// identity: here an anonymous id kept in localStorage, as LiveChat keeps __lc_cid for the browser.
(function () {
  var COOKIE_KEY = 'lcbridge.stand-in.cookie-customer';
  var widget = window.LiveChatWidget;
  window.__recorded = [];
  window.__providerCalls = [];
  if (widget && widget._q) {
    widget._q.splice(0, widget._q.length).forEach(function (e) { window.__recorded.push(e); });
    widget._h = function (e) { window.__recorded.push(e); };
  }

  function cookieIdentity() {
    var id = window.localStorage.getItem(COOKIE_KEY);
    if (!id) {
      id = 'anon-' + Math.random().toString(36).slice(2);
      window.localStorage.setItem(COOKIE_KEY, id);
    }
    window.__identity = {mode: 'cookie', entityId: id};
    window.__done = true;
  }

  var factory = window.__lc && window.__lc.custom_identity_provider;
  if (typeof factory !== 'function') {
    cookieIdentity();
    return;
  }
  var handlers = factory();
  var names = ['getToken', 'getFreshToken', 'hasToken', 'invalidate'];
  if (!handlers || names.some(function (n) { return typeof handlers[n] !== 'function'; })) {
    console.error('custom_identity_provider() does not return proper handlers');
    cookieIdentity();
    return;
  }
  function call(name) {
    window.__providerCalls.push(name);
    return Promise.resolve(handlers[name]());
  }
  function use(token, how) {
    if (!token || typeof token.accessToken !== 'string' || typeof token.expiresIn !== 'number') {
      throw new Error('not a Chat Widget token');
    }
    window.__identity = {mode: 'custom', entityId: token.entityId, licenseId: token.licenseId,
      expiresIn: token.expiresIn, creationDate: token.creationDate, tokenType: token.tokenType, how: how,
      tokens: (window.__identity && window.__identity.tokens || 0) + 1};
    var left = token.creationDate + token.expiresIn - Date.now();
    if (left < 60000) { // short-lived test tokens: refresh when they expire, as the widget does
      clearTimeout(window.__refreshTimer);
      window.__refreshTimer = setTimeout(function () {
        call('getFreshToken').then(function (t) { use(t, 'fresh-on-expiry'); });
      }, Math.max(0, left));
    }
    window.__done = true;
  }
  // LiveChat refused the token (revoked, or the customer's session ended): drop it and ask for a new one
  window.__rejectToken = function () {
    return call('invalidate').then(function () { return call('getFreshToken'); })
      .then(function (t) { use(t, 'fresh-after-invalidate'); });
  };
  call('getToken').then(function (t) { use(t, 'getToken'); }, function (e) {
    window.__identity = {mode: 'failed', error: String(e)};
    window.__done = true;
  });
})();
