// The web chat page's behaviour: served as a file so the Content-Security-Policy allows no inline script.
(() => {
  const log = document.getElementById("log"), form = document.getElementById("form");
  const input = document.getElementById("text"), send = document.getElementById("send"), error = document.getElementById("error");
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)).replace(/[^A-Za-z0-9_-]/g, "");
  let session = document.getElementById("chat").dataset.session || localStorage.getItem("partsbot-session");
  if (!session) { session = newId(); localStorage.setItem("partsbot-session", session); }
  const seen = new Set(); let last = 0, sending = false;

  function show(m) {
    if (m.id && seen.has(m.id)) return;
    if (m.id) { seen.add(m.id); last = Math.max(last, m.id); }
    const div = document.createElement("div");
    div.className = "msg " + m.direction;
    div.dataset.testid = m.direction === "out" ? "bot-message" : "my-message";
    div.textContent = m.text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  async function poll() {
    if (sending) return;
    try {
      const r = await fetch(`/api/chat/messages?session=${session}&after=${last}`);
      if (r.ok) (await r.json()).messages.forEach(show);
    } catch (e) { /* offline for a moment: the next poll catches up */ }
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = ""; send.disabled = true; sending = true; error.textContent = "";
    show({direction: "in", text});
    const id = newId();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const r = await fetch("/api/chat/messages", {method: "POST", headers: {"Content-Type": "application/json"},
          body: JSON.stringify({session, id, text})});
        if (r.status === 429) { error.textContent = (await r.json()).detail; break; }  // throttled: say so, do not retry
        if (!r.ok) throw new Error(r.status);
        for (const m of (await r.json()).messages) {
          if (m.direction === "in") { seen.add(m.id); last = Math.max(last, m.id); } else show(m);
        }
        error.textContent = ""; break;
      } catch (e) {
        error.textContent = "Не удалось отправить, пробуем ещё раз…";
        await new Promise(ok => setTimeout(ok, 1000 * (attempt + 1)));
      }
    }
    send.disabled = false; sending = false; input.focus();
  });
  document.getElementById("photo").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    sending = true; error.textContent = "";
    show({direction: "in", text: "Фото: " + file.name});
    const form = new FormData();
    form.append("session", session); form.append("id", newId()); form.append("photo", file);
    try {
      const r = await fetch("/api/chat/photos", {method: "POST", body: form});
      if (!r.ok) throw new Error((await r.json()).detail || r.status);
      for (const m of (await r.json()).messages) {
        if (m.direction === "in") { seen.add(m.id); last = Math.max(last, m.id); } else show(m);
      }
    } catch (e) { error.textContent = "Не удалось отправить фото: " + e.message; }
    event.target.value = ""; sending = false;
  });
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
  poll();
  setInterval(poll, 3000);
})();
