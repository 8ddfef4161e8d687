// The handout's print button: print needs a script, so it shows only with one (the browser's own Print always works).
for (const button of document.querySelectorAll("[data-print]")) button.hidden = false;
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A teacher who has not chosen a time zone: offer the browser's own zone, when the list has it.
for (const form of document.querySelectorAll("form[data-guess-zone]")) {
  const select = form.querySelector("select");
  let guess = "";
  try { guess = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { guess = ""; }
  if (select && guess && [...select.options].some((option) => option.value === guess)) select.value = guess;
}
