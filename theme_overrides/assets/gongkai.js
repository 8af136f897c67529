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

  /* The excerpt Pagefind returns, kept as text except its <mark> highlights. */
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function startSearch() {
    var box = document.getElementById("gk-search");
    if (!box) return;
    var bundle = box.getAttribute("data-gk-bundle");
    var form = box.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var kind = form.querySelector("select[name=kind]");
    var status = box.querySelector(".gk-results__status");
    var list = box.querySelector(".gk-results");
    var more = box.querySelector(".gk-results__more");
    var pagefind = null, results = [], shown = 0, serial = 0;

    function load() {
      if (!pagefind) {
        pagefind = import(bundle + "pagefind.js").then(function (pf) {
          return pf.options({ excerptLength: 40 }).then(function () { return pf; });
        });
      }
      return pagefind;
    }

    function showMore() {
      var batch = results.slice(shown, shown + 10);
      shown += batch.length;
      more.hidden = shown >= results.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        pages.forEach(function (page) {
          var li = document.createElement("li");
          li.className = "gk-result";
          var a = document.createElement("a");
          a.href = page.url;
          a.className = "gk-result__title";
          a.textContent = page.meta.title || page.url;
          var meta = document.createElement("span");
          meta.className = "gk-result__meta";
          meta.textContent = [(page.filters["类型"] || [])[0], (page.filters["单位"] || [])[0], page.meta.date]
            .filter(Boolean).join(" · ");
          var p = document.createElement("p");
          p.className = "gk-result__excerpt";
          p.appendChild(excerptNodes(page.excerpt || ""));
          li.append(a, meta, p);
          list.appendChild(li);
        });
      });
    }

    function run() {
      var query = input.value.trim();
      var mine = ++serial;
      list.textContent = "";
      more.hidden = true;
      if (!query) { status.textContent = ""; return; }
      status.textContent = "正在搜索……";
      var filters = kind.value ? { "类型": kind.value } : {};
      load().then(function (pf) { return pf.search(query, { filters: filters }); }).then(function (found) {
        if (mine !== serial) return;
        results = found.results;
        shown = 0;
        status.textContent = results.length
          ? "找到 " + results.length + " 条与“" + query + "”相关的内容"
          : "没有找到与“" + query + "”相关的内容，请换个词试试";
        return showMore();
      }).catch(function () {
        status.textContent = "搜索暂时不可用，请稍后再试";
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value.trim());
      window.history.replaceState(null, "", url);
      run();
    });
    kind.addEventListener("change", run);
    more.addEventListener("click", showMore);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
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
