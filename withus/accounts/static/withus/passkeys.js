// Passkeys (issue 24): wires allauth's WebAuthn forms (mfa/js/webauthn.js) to our NHS.UK pages without inline
// scripts (the content security policy allows none). Each form says which of allauth's forms it is.
(function () {
  'use strict'
  function ids (form) {
    return JSON.parse(form.getAttribute('data-passkey-ids'))
  }
  function showError (message) {
    const box = document.querySelector('[data-passkey-error]')
    if (!box) { return }
    box.hidden = false
    box.querySelector('[data-passkey-error-text]').textContent = message
    box.focus()
  }
  document.addEventListener('allauth.error', function (event) {
    event.preventDefault()
    showError('Your device did not use a passkey. Try again, or use another way to sign in.')
  })
  document.querySelectorAll('[data-passkey-form]').forEach(function (form) {
    const kind = form.getAttribute('data-passkey-form')
    const forms = window.allauth && window.allauth.webauthn && window.allauth.webauthn.forms
    if (!forms || !window.PublicKeyCredential) {
      form.hidden = true
      return
    }
    form.hidden = false
    forms[kind]({ ids: ids(form) })
  })
})()
