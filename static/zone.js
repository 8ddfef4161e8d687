// The sign-in form tells the server the browser's time zone, so a teacher who has not chosen one
// reads times in their own zone rather than in UTC. Without a script the school's default is used.
for (const input of document.querySelectorAll("input[data-browser-zone]")) {
  try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { input.value = ""; }
}
