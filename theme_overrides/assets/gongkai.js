/* gongkai: correct posting statuses to the reader's day, and start the search page. */
(function () {
  "use strict";

  /* Today in the site's time zone, as YYYY-MM-DD (the same calendar the build used). */
  function siteToday() {
    var meta = document.querySelector('meta[name="gk-timezone"]');
    var zone = meta ? meta.getAttribute("content") : "Asia/Shanghai";
    try {
      return new Intl.DateTimeFormat("en-CA", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
      }).format(new Date());
    } catch (e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  function daysBetween(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86400000);
  }

  function correctStatus(el, today) {
    var from = el.getAttribute("data-gk-from");
    var to = el.getAttribute("data-gk-to");
    if (!from || !to) return;
    var code, label, note = "";
    if (today < from) {
      code = "pending"; label = "待公示";
      note = Number(from.slice(5, 7)) + "月" + Number(from.slice(8, 10)) + "日起公示";
    } else if (today > to) {
      code = "ended"; label = "公示结束";
    } else {
      var left = daysBetween(today, to) + 1;
      code = "running"; label = "公示中"; note = left === 1 ? "今天截止" : "还剩 " + left + " 天";
    }
    el.className = el.className.replace(/gk-status--\w+/, "gk-status--" + code);
    el.querySelector(".gk-status__label").textContent = label;
    var noteEl = el.querySelector(".gk-status__note");
    if (!noteEl && note) {
      noteEl = document.createElement("span");
      noteEl.className = "gk-status__note";
      el.appendChild(noteEl);
    }
    if (noteEl) noteEl.textContent = note;
    el.setAttribute("data-gk-corrected", code);
    return code;
  }

  function correctAll() {
    var today = siteToday();
    var ended = false;
    document.querySelectorAll("[data-gk-status]").forEach(function (el) {
      var code = correctStatus(el, today);
      if (code === "ended" && el.closest(".gk-lead")) ended = true;
    });
    /* A page built while named pay was public, read after the period: hide the rows. */
    if (ended) {
      document.querySelectorAll("[data-gk-rows]").forEach(function (el) { el.hidden = true; });
      document.querySelectorAll("[data-gk-rows-ended]").forEach(function (el) { el.hidden = false; });
    }
  }

  function startSearch() {
    var box = document.getElementById("gk-search");
    if (!box || typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({
      element: "#gk-search",
      bundlePath: box.getAttribute("data-gk-bundle"),
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      pageSize: 10,
      translations: { placeholder: "输入要查找的词语", zero_results: "没有找到与“[SEARCH_TERM]”相关的内容" }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  function start() {
    correctAll();
    startSearch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
