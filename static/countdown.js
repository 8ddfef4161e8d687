// The countdown of a time-limited attempt. The server keeps the real clock: at zero this script only
// asks the server for the attempt again, and the server submits it with the answers saved so far.
(() => {
  const box = document.querySelector("[data-countdown]");
  if (!box) return;
  const text = box.querySelector("[data-countdown-text]");
  const alert = box.querySelector("[data-countdown-alert]");
  const ends = Date.now() + Number(box.dataset.countdown) * 1000;
  const milestones = new Set([300, 60, 10]);
  const shown = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  const tick = () => {
    const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    text.textContent = shown(left);
    if (milestones.has(left)) {
      milestones.delete(left);
      alert.textContent = left >= 60 ? `${left / 60} minute(s) left.` : `${left} seconds left.`;
    }
    if (left > 0) return;
    clearInterval(timer);
    box.classList.add("countdown-done");
    alert.textContent = "Time is up. Your saved answers are being submitted.";
    text.textContent = "Time is up";
    // A moment for a save still on its way, then the server submits what it has.
    setTimeout(() => window.location.assign(box.dataset.expireUrl), 1500);
  };
  const timer = setInterval(tick, 1000);
  tick();
})();
