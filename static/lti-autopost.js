// Sends a form marked data-autopost as soon as the page has loaded (the LTI deep-linking answer).
// Without JavaScript the form's own button does the same.
document.querySelectorAll("form[data-autopost]").forEach(function (form) { form.submit(); });
