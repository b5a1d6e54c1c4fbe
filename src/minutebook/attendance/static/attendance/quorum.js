// Keep the quorum panel live while the register is open. Without JavaScript the page
// still shows the quorum as it stood when loaded, and every change reloads the page.
const panel = document.querySelector("[data-quorum-url]");
if (panel) {
  const url = panel.getAttribute("data-quorum-url");
  const every = Number(panel.getAttribute("data-quorum-every") || "15") * 1000;
  const refresh = async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } });
      if (!response.ok) return;
      const holder = document.createElement("div");
      holder.innerHTML = await response.text();
      const fresh = holder.querySelector("#quorum-panel");
      const current = document.getElementById("quorum-panel");
      if (fresh && current) current.replaceWith(fresh);
    } catch (error) {
      // Offline for a moment: try again on the next tick.
    }
  };
  window.setInterval(refresh, every);
}
