// Runs before the snippet in every test page: traps for smuggled code and for errors.
window.__pwned = [];
window.__errors = [];
window.__violations = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
