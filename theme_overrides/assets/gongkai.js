/* gongkai: correct posting statuses to the reader's day, and search the records. */
(function () {
  "use strict";

  /* Today in the site's time zone, as YYYY-MM-DD (the same calendar the build used); a site shown
     as of a fixed day (the demo) stays on that day whenever it is read. */
  function siteToday() {
    var fixed = document.querySelector('meta[name="gk-as-of"]');
    if (fixed) return fixed.getAttribute("content");
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

  /* A result's page: the site's own (relative to its root), or on a group portal a member's page
     on the member's own site (doc.m names the member; the portal checked the address is http(s)) */
  function docHref(root, doc) {
    return doc.m && /^https?:\/\//.test(doc.u) ? doc.u : root + doc.u;
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
      if (el.hasAttribute("data-gk-estimated")) note += "（暂定）";
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
      /* a list of what is in its period (正在公示, 公示中) keeps only what still is */
      var item = el.closest("[data-gk-running] > li");
      if (item && code !== "running" && code !== "pending") item.hidden = true;
    });
    document.querySelectorAll("[data-gk-running]").forEach(function (list) {
      var left = list.querySelectorAll(":scope > li:not([hidden])").length;
      var none = document.getElementById(list.getAttribute("data-gk-running"));
      if (none) none.hidden = left > 0;
      if (!left) list.hidden = true;
    });
    /* A page built while named pay was public, read after the period: hide the rows. */
    if (ended) {
      document.querySelectorAll("[data-gk-rows]").forEach(function (el) { el.hidden = true; });
      document.querySelectorAll("[data-gk-rows-ended]").forEach(function (el) { el.hidden = false; });
    }
    /* 办理中 past its deadline is 逾期 (a proposal); a list item carries it for the filters */
    document.querySelectorAll("[data-gk-due]").forEach(function (el) {
      var due = el.getAttribute("data-gk-due"), late = today > due;
      var pill = el.querySelector(".gk-state__overdue");
      pill.hidden = !late;
      if (late) pill.textContent = "逾期 " + daysBetween(due, today) + " 天";
      var item = el.closest("[data-gk-f-state]");
      if (item) item.toggleAttribute("data-gk-overdue", late);
    });
    /* the opinions board: days waited, and 逾期 from the first day past the limit in working days */
    var overdue = 0;
    document.querySelectorAll("[data-gk-op]").forEach(function (el) {
      var since = el.getAttribute("data-gk-since");
      var from = el.getAttribute("data-gk-overdue-from");  /* absent: an estimated limit judges nothing */
      var late = !!from && today >= from;
      var waited = el.querySelector("[data-gk-op-waited]");
      if (waited) waited.textContent = "已等待 " + Math.max(0, daysBetween(since, today)) + " 天";
      var pill = el.querySelector("[data-gk-op-overdue]");
      if (pill) {
        pill.hidden = !late;
        if (late) pill.textContent = "逾期 " + (daysBetween(from, today) + 1) + " 天";  /* from: the first day late */
      }
      overdue += late;
    });
    var count = document.querySelector("[data-gk-count-overdue]");
    if (count) {
      count.querySelector(".gk-counts__value").textContent = overdue;
      count.classList.toggle("gk-counts__item--alert", overdue > 0);
    }
  }

  /* An index's filters (/proposals/): items whose data-gk-f-<key> matches every choice stay;
     逾期 is 办理中 past its deadline on the reader's day. */
  function startFilters() {
    var form = document.querySelector("[data-gk-filters]");
    if (!form) return;
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-gk-f-state]"));
    var counter = form.querySelector("[data-gk-filter-count]");
    function apply() {
      var shown = 0;
      var choices = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return [s.name, s.value]; });
      items.forEach(function (item) {
        var keep = choices.every(function (c) {
          if (!c[1]) return true;
          if (c[0] === "state" && c[1] === "overdue") return item.hasAttribute("data-gk-overdue");
          return item.getAttribute("data-gk-f-" + c[0]) === c[1];
        });
        item.hidden = !keep;
        shown += keep;
      });
      document.querySelectorAll(".gk-list").forEach(function (list) {
        var any = list.querySelector(":scope > li:not([hidden])");
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[23]$/.test(heading.tagName)) heading.hidden = !any;
      });
      counter.textContent = "共 " + shown + " 件";
    }
    form.addEventListener("change", apply);
    apply();
  }

  /* 长者模式 (大字): the whole site 1.3 times larger, darker and with larger targets (gongkai.css,
     .gk-elder); kept for the next page and visit, and set before the body is drawn
     (gongkai-scope.js). */
  function startElder() {
    var root = document.documentElement;
    document.querySelectorAll("[data-gk-elder]").forEach(function (button) {
      function show() { button.setAttribute("aria-pressed", String(root.classList.contains("gk-elder"))); }
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = root.classList.toggle("gk-elder");
        try { localStorage.setItem("gk-elder", on ? "1" : "0"); } catch (e) {}
        show();
      });
      show();
    });
  }

  /* A name as the table shows it and as a reader types it: NFKC, no spaces or middle dots. */
  function nameKey(text) {
    return text.normalize("NFKC").replace(/[\s·•・.]/g, "").toLowerCase();
  }

  /* Whether a row's name answers what was typed: the name holds it; or the name is masked
     (秦*江) and the typed name, as long, agrees on every character shown. */
  function nameMatches(name, typed) {
    if (name.indexOf(typed) >= 0) return true;
    if (name.indexOf("*") < 0) return false;
    var shown = Array.from(name), given = Array.from(typed);
    return shown.length === given.length && shown.every(function (c, i) { return c === "*" || c === given[i]; });
  }

  /* 查找姓名 above a table of people: typing keeps only the rows whose name answers it. */
  function startFind() {
    document.querySelectorAll("[data-gk-find]").forEach(function (box) {
      var table = box.nextElementSibling;
      if (!table) return;
      var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).map(function (tr) {
        var cell = tr.querySelector(".gk-pay__name");
        return { tr: tr, name: nameKey(cell ? cell.textContent : "") };
      });
      var input = box.querySelector("input"), count = box.querySelector(".gk-find__count");
      box.hidden = false;
      function apply() {
        var typed = nameKey(input.value), shown = 0;
        rows.forEach(function (row) {
          var keep = !typed || nameMatches(row.name, typed);
          row.tr.hidden = !keep;
          shown += keep;
        });
        if (!typed) count.textContent = "";
        else if (shown) count.textContent = "找到 " + shown + " 人（共 " + rows.length + " 人）";
        else count.textContent = "没有找到“" + input.value.trim() + "”：请核对姓名，或清空后查看全部 " + rows.length + " 人";
      }
      input.addEventListener("input", apply);
      /* on a phone the keyboard takes half the screen: the box goes to the top, the rows under it */
      input.addEventListener("focus", function () {
        if (window.matchMedia("(max-width: 40em)").matches) box.scrollIntoView({ block: "start" });
      });
      apply();
    });
  }

  /* 打印本页: the notice, the allocation or the report as its printed sheet. */
  function startPrint() {
    document.querySelectorAll("[data-gk-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    /* From the second printed sheet on, the title heads the page (@page in gongkai.css): a CSS
       string of the page's heading, set through the CSSOM (the site's CSP allows no inline style). */
    var heading = document.querySelector(".md-content h1");
    if (heading) {
      var title = heading.textContent.replace(/\s+/g, " ").trim() + "（续）";
      document.documentElement.style.setProperty(
        "--gk-print-title", '"' + title.replace(/["\\]/g, "\\$&") + '"');
    }
  }

  /* 朗读: the title, the status, the dates and the text of a record, in a Chinese voice of the
     browser's speech synthesis; never a table (the rows of people, a table in the text). The
     button shows only where the browser has a Chinese voice. */
  function startRead() {
    var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-gk-read]"));
    var synth = window.speechSynthesis;
    if (!buttons.length || !synth || typeof SpeechSynthesisUtterance === "undefined") return;
    function voice() {
      return synth.getVoices().filter(function (v) { return /^(zh|cmn)([-_]|$)/i.test(v.lang); })[0];
    }
    function said(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
    function text() {
      var record = document.querySelector(".gk-record") || document.body, parts = [];
      parts.push(said(record.querySelector("h1")));
      parts.push(said(record.querySelector(".gk-lead .gk-status, .gk-lead .gk-state, .gk-lead .gk-pill")));
      record.querySelectorAll(".gk-facts dt").forEach(function (dt) {
        if (/日期|公示期|时间|时限/.test(dt.textContent)) parts.push(said(dt) + "：" + said(dt.nextElementSibling));
      });
      record.querySelectorAll(".gk-body").forEach(function (body) {
        var copy = body.cloneNode(true);
        copy.querySelectorAll("table").forEach(function (t) { t.remove(); });
        parts.push(said(copy));
      });
      return parts.filter(Boolean).join("。");
    }
    function show() {
      if (!voice()) return;
      buttons.forEach(function (button) { button.hidden = false; });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        if (synth.speaking) {
          synth.cancel();
          button.textContent = "朗读"; button.setAttribute("aria-pressed", "false");
          return;
        }
        var utterance = new SpeechSynthesisUtterance(text());
        utterance.lang = "zh-CN";
        try { utterance.voice = voice(); } catch (e) {}  /* lang alone picks a Chinese voice too */
        utterance.rate = 0.9;
        utterance.onend = function () { button.textContent = "朗读"; button.setAttribute("aria-pressed", "false"); };
        button.textContent = "停止朗读"; button.setAttribute("aria-pressed", "true");
        synth.speak(utterance);
      });
    });
    show();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", show);
  }

  /* 打印意见表: print the opinion form alone, not the notice. */
  function startOpinionForm() {
    document.querySelectorAll("[data-gk-print-form]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        document.body.classList.add("gk-printing-form");
        window.print();
      });
    });
    window.addEventListener("afterprint", function () { document.body.classList.remove("gk-printing-form"); });
  }

  /* -- search: the query side of hooks/gongkai/searchindex.py ------------------------------ */

  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORD = /[0-9a-z]+/g;

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  /* The index terms a word must all have: its bigrams (a single character alone), its ASCII words. */
  function termsOf(word) {
    var out = [];
    (word.match(CJK) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) out.push(chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    });
    (word.match(WORD) || []).forEach(function (w) { out.push(w); });
    return out;
  }

  function fnv1a(term) {
    var bytes = new TextEncoder().encode(term);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  /* What a query asks, tier by tier, for search that forgives how a reader writes:
     0. its words as written;
     1. each word, or the word with a part of it said another way (劳保 → 劳动保护: the groups of
        words that mean the same, data/synonyms.py and data/synonyms.yml);
     2. each of those in parts of two characters that may stand apart and in any order (困难救助
        finds 困难职工救助).
     A tier is a list of the query's words; a word, a list of alternatives; an alternative, a list
     of parts that must all stand in a record. A tier that asks nothing new is left out. */
  function tiersOf(words, groups) {
    function alternatives(word) {
      var out = [word];
      groups.forEach(function (group) {
        group.forEach(function (member) {
          if (word.indexOf(member) < 0) return;
          group.forEach(function (other) {
            var alt = word.split(member).join(other);
            if (out.indexOf(alt) < 0) out.push(alt);
          });
        });
      });
      return out;
    }
    function parts(word) {
      var out = [];
      (word.match(CJK) || []).forEach(function (run) {
        var chars = Array.from(run);
        if (chars.length < 3) { out.push(run); return; }
        for (var i = 0; i < chars.length; i += 2) out.push(chars.slice(i, i + 2).join(""));
      });
      (word.match(WORD) || []).forEach(function (w) { out.push(w); });
      return out;
    }
    var tiers = [
      words.map(function (w) { return [[w]]; }),
      words.map(function (w) { return alternatives(w).map(function (a) { return [a]; }); }),
      words.map(function (w) { return alternatives(w).map(parts); })
    ];
    return tiers.filter(function (tier, i) {
      return !i || JSON.stringify(tier) !== JSON.stringify(tiers[i - 1]);
    });
  }

  /* The parts to mark in a record's folded text if it answers every word of a tier, else null. */
  function marksIn(text, tier) {
    var marks = [];
    var every = tier.every(function (alts) {
      var found = alts.find(function (parts) {
        return parts.every(function (part) { return text.indexOf(part) >= 0; });
      });
      if (found) found.forEach(function (part) { marks.push(part); });
      return !!found;
    });
    return every ? marks : null;
  }

  function Index(base) {
    var cache = {};
    function get(path) {
      if (!cache[path]) {
        cache[path] = fetch(base + path).then(function (r) {
          if (!r.ok) throw new Error(path);
          return r.json();
        });
      }
      return cache[path];
    }
    var meta = get("meta.json");

    /* A term's postings, ascending (documents are numbered newest first): number << 4 | kind << 1
       | title. Typed arrays: a group portal's common terms hold hundreds of thousands. */
    function postings(term, m) {
      return get("shard/" + (fnv1a(term) & (m.shards - 1)) + ".json").then(function (shard) {
        var deltas = shard[term] || [], out = new Uint32Array(deltas.length), value = 0;
        for (var i = 0; i < deltas.length; i++) { value += deltas[i]; out[i] = value; }
        return out;
      });
    }

    /* The terms of a part whose postings are fetched: on a group portal's index (m.common: the
       terms of more than one record in fifty, with their counts), a part of three terms or more
       keeps its rare ones and at least its two rarest. Its records are then found by those, and
       what is shown is checked for the part itself (marksIn), as every result is: 职工代表 is found
       by 工代 and 代表 without downloading the postings of 职工, a third of all records. */
    function needed(terms, m) {
      terms = terms.filter(function (t, i) { return terms.indexOf(t) === i; });  /* 代表代表 */
      if (!m.common || terms.length < 3) return terms;
      var count = function (t) { return m.common[t] || 0; };
      var ranked = terms.slice().sort(function (a, b) { return count(a) - count(b); });
      return ranked.filter(function (t, i) { return i < 2 || !count(t); });
    }

    /* A set of documents in ascending order: d, their numbers; k, their kinds; t, 1 where every
       term is in the title, tags or honours. */
    function setOf(list) {
      var n = list.length, d = new Uint32Array(n), k = new Uint8Array(n), t = new Uint8Array(n);
      for (var i = 0; i < n; i++) { var p = list[i]; d[i] = p >>> 4; k[i] = (p >>> 1) & 7; t[i] = p & 1; }
      return { d: d, k: k, t: t };
    }

    /* The documents of a set that a list of postings also holds: each found by galloping search,
       so that a rare term against a common one costs the rare one's length. */
    function within(set, list) {
      var n = set.d.length, d = new Uint32Array(n), k = new Uint8Array(n), t = new Uint8Array(n);
      var count = 0, lo = 0, len = list.length;
      for (var i = 0; i < n && lo < len; i++) {
        var want = set.d[i], step = 1, hi = lo;
        while (hi < len && (list[hi] >>> 4) < want) { lo = hi + 1; hi += step; step *= 2; }
        if (hi > len - 1) hi = len - 1;
        while (lo < hi) { var mid = (lo + hi) >>> 1; if ((list[mid] >>> 4) < want) lo = mid + 1; else hi = mid; }
        if (lo < len && (list[lo] >>> 4) === want) {
          d[count] = want; k[count] = set.k[i]; t[count] = set.t[i] & list[lo] & 1; count++;
        }
      }
      return { d: d.subarray(0, count), k: k.subarray(0, count), t: t.subarray(0, count) };
    }

    /* Documents holding every term of a list. */
    function allOf(terms, lists) {
      var mine = terms.map(function (t) { return lists[t]; }).sort(function (a, b) { return a.length - b.length; });
      var hits = setOf(mine[0]);
      for (var i = 1; i < mine.length && hits.d.length; i++) hits = within(hits, mine[i]);
      return hits;
    }

    /* Two sets merged: either's documents; in both, title only where both say title (and), or
       either (or). */
    function merged(a, b, both) {
      var n = a.d.length + b.d.length, d = new Uint32Array(n), k = new Uint8Array(n), t = new Uint8Array(n);
      var i = 0, j = 0, c = 0;
      while (i < a.d.length || j < b.d.length) {
        if (j >= b.d.length || (i < a.d.length && a.d[i] < b.d[j])) {
          if (!both) { d[c] = a.d[i]; k[c] = a.k[i]; t[c] = a.t[i]; c++; }
          i++;
        } else if (i >= a.d.length || b.d[j] < a.d[i]) {
          if (!both) { d[c] = b.d[j]; k[c] = b.k[j]; t[c] = b.t[j]; c++; }
          j++;
        } else {
          d[c] = a.d[i]; k[c] = a.k[i]; t[c] = both ? a.t[i] & b.t[j] : a.t[i] | b.t[j]; c++;
          i++; j++;
        }
      }
      return { d: d.subarray(0, c), k: k.subarray(0, c), t: t.subarray(0, c) };
    }

    /* Matching documents, tier by tier (tiersOf), as {hits: [{doc, title, tier}], tiers, count,
       more}: the first tier at once; more() adds the next tier's candidates and resolves to false
       when none is left, so that the shards of words said another way are fetched only once the
       records holding the words as typed are used up. Within a tier, those with every term in
       their title, tags or honours first, then the newest. A record may be a candidate of several
       tiers (its bigrams can meet apart): it is shown in the first whose check it passes
       (firstDocs, showMore). */
    this.find = function (words, kind) {
      return meta.then(function (m) {
        var tiers = tiersOf(words, m.syn || []), seen = new Set();
        var found = { hits: [], tiers: tiers, count: 0, next: 0 };
        function tierHits(tier, number) {
          var terms = [];
          tier.forEach(function (alts) {
            alts.forEach(function (parts) {
              parts.forEach(function (part) {
                needed(termsOf(part), m).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
              });
            });
          });
          if (!terms.length) return Promise.resolve([]);
          return Promise.all(terms.map(function (t) { return postings(t, m); })).then(function (got) {
            var lists = {};
            terms.forEach(function (t, i) { lists[t] = got[i]; });
            var hits = null;
            tier.forEach(function (alts) {
              var any = null;  /* the word: any of its alternatives */
              alts.forEach(function (parts) {
                var termsHere = [];
                parts.forEach(function (part) { needed(termsOf(part), m).forEach(function (t) { termsHere.push(t); }); });
                if (!termsHere.length) return;
                var these = allOf(termsHere, lists);
                any = any === null ? these : merged(any, these, false);
              });
              if (any === null) any = setOf([]);
              hits = hits === null ? any : merged(hits, any, true);
            });
            /* those with every term in their title, tags or honours first, each part newest first */
            var titled = [], rest = [];
            if (hits) {
              for (var i = 0; i < hits.d.length; i++) {
                if (kind >= 0 && hits.k[i] !== kind) continue;
                (hits.t[i] ? titled : rest).push({ doc: hits.d[i], title: hits.t[i], tier: number });
              }
            }
            return titled.concat(rest);
          });
        }
        found.more = function () {
          if (found.next >= tiers.length) return Promise.resolve(false);
          var number = found.next++;
          return tierHits(tiers[number], number).then(function (mine) {
            mine.forEach(function (hit) {
              if (!seen.has(hit.doc)) { seen.add(hit.doc); found.count++; }
              found.hits.push(hit);
            });
            return true;
          });
        };
        return found.more().then(function () { return found; });
      });
    };

    this.doc = function (number) {
      return meta.then(function (m) {
        return get("doc/" + Math.floor(number / m.chunk) + ".json").then(function (chunk) {
          return chunk[number % m.chunk];
        });
      });
    };
  }

  /* The text folded as the index folds it, with where each of its code units came from in the
     text: NFKC changes lengths ("…" becomes "..."), so a word found in the folded text is marked
     at its own place in the text as written. */
  function folded(text) {
    var lower = "", at = [];
    for (var j = 0; j < text.length; ) {
      var ch = String.fromCodePoint(text.codePointAt(j)), n = normalize(ch);
      for (var u = 0; u < n.length; u++) at.push(j);
      lower += n;
      j += ch.length;
    }
    return { lower: lower, at: at };
  }

  /* The sentence where the first word stands (or the text's beginning), every word marked; built
     as nodes, never as HTML. */
  var STOPS = "。！？；\n";

  function excerpt(text, words) {
    var f = folded(text), ranges = [];
    words.forEach(function (w) {
      for (var k = f.lower.indexOf(w); k >= 0; k = f.lower.indexOf(w, k + w.length)) {
        var last = f.at[k + w.length - 1];
        ranges.push([f.at[k], last + String.fromCodePoint(text.codePointAt(last)).length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var first = f.lower.indexOf(words[0]);
    var at = first >= 0 ? f.at[first] : 0;
    var start = at, stop = at;
    while (start > 0 && at - start < 40 && STOPS.indexOf(text[start - 1]) < 0) start--;
    while (stop < text.length && stop - start < 100 && STOPS.indexOf(text[stop]) < 0) stop++;
    if (stop < text.length && STOPS.indexOf(text[stop]) >= 0 && text[stop] !== "\n") stop++;
    var out = document.createDocumentFragment();
    if (start > 0 && STOPS.indexOf(text[start - 1]) < 0) out.appendChild(document.createTextNode("…"));
    var i = start;
    ranges.forEach(function (r) {
      if (r[0] < i || r[0] >= stop) return;  // overlaps a marked word, or beyond the excerpt
      if (r[0] > i) out.appendChild(document.createTextNode(text.slice(i, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], Math.min(r[1], stop));
      out.appendChild(mark);
      i = Math.min(r[1], stop);
    });
    if (i < stop) out.appendChild(document.createTextNode(text.slice(i, stop)));
    if (stop < text.length && STOPS.indexOf(text[stop - 1]) < 0) out.appendChild(document.createTextNode("…"));
    return out;
  }

  /* The words of a query, folded as the index folds them. */
  function wordsOf(query) {
    return normalize(query).split(/\s+/).filter(function (w) { return termsOf(w).length; });
  }

  /* Up to n documents that really answer the query (bigrams can meet apart), in rank order, each
     with the parts to mark. */
  function firstDocs(index, found, n) {
    var docs = [], next = 0, taken = new Set();
    function step() {
      if (docs.length >= n) return Promise.resolve(docs);
      if (next >= found.hits.length) {
        return found.more().then(function (more) { return more ? step() : docs; });
      }
      var batch = found.hits.slice(next, next + n);
      next += batch.length;
      return Promise.all(batch.map(function (hit) { return index.doc(hit.doc); })).then(function (got) {
        got.forEach(function (doc, i) {
          if (taken.has(batch[i].doc)) return;
          var marks = marksIn(normalize(doc.t + " " + doc.x), found.tiers[batch[i].tier]);
          if (docs.length < n && marks) { taken.add(batch[i].doc); docs.push({ doc: doc, marks: marks }); }
        });
        return step();
      });
    }
    return step();
  }

  var indexes = {};
  function indexAt(base) {
    if (!indexes[base]) indexes[base] = new Index(base);
    return indexes[base];
  }

  /* The header's box: the first results under it as the reader types; Enter opens the results page. */
  function startSuggest() {
    var form = document.querySelector("form.gk-search[data-gk-index]");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var root = form.getAttribute("data-gk-root");
    var list = document.createElement("ul");
    list.className = "gk-suggest";
    list.id = "gk-suggest";
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    form.appendChild(list);
    var timer = null, serial = 0;
    function close() { list.hidden = true; list.textContent = ""; }
    function run() {
      var query = input.value.trim(), words = wordsOf(query), mine = ++serial;
      if (!words.length) { close(); return; }
      var index = indexAt(form.getAttribute("data-gk-index"));
      index.find(words, -1).then(function (found) {
        return firstDocs(index, found, 5).then(function (docs) { return { docs: docs }; });
      }).then(function (found) {
        if (mine !== serial) return;
        list.textContent = "";
        found.docs.forEach(function (shown) {
          var doc = shown.doc;
          var li = document.createElement("li"), a = document.createElement("a"), meta = document.createElement("span");
          a.href = docHref(root, doc);
          a.textContent = doc.t;
          meta.textContent = [doc.k, doc.m, doc.n].filter(Boolean).join(" · ");
          a.appendChild(meta);
          li.appendChild(a);
          list.appendChild(li);
        });
        var all = document.createElement("li"), more = document.createElement("a");
        more.href = form.action + "?q=" + encodeURIComponent(query);
        more.className = "gk-suggest__all";
        more.textContent = found.docs.length ? "查看全部结果（按回车）" : "没有找到“" + query + "”，按回车到搜索页";
        all.appendChild(more);
        list.appendChild(all);
        list.hidden = false;
      }).catch(close);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); form.classList.remove("gk-search--open"); }
    });
    /* On a phone the box is folded away: 🔍 opens it under the header, focused in the same tap so
       that the keyboard comes up, the first results under it as the reader types; a second tap
       with words in it searches. */
    form.querySelector(".gk-search__button").addEventListener("click", function (event) {
      var open = form.classList.contains("gk-search--open");
      if (!open && getComputedStyle(input).display !== "none") return;  /* a wide screen's box */
      if (open && input.value.trim()) return;  /* words typed: to the results page */
      event.preventDefault();
      form.classList.add("gk-search--open");
      input.focus();
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); form.classList.remove("gk-search--open"); }
    });
  }

  function startSearch() {
    var box = document.getElementById("gk-search");
    if (!box) return;
    var index = indexAt(box.getAttribute("data-gk-index"));
    var root = box.getAttribute("data-gk-root");
    var form = box.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var kind = form.querySelector("select[name=kind]");
    var status = box.querySelector(".gk-results__status");
    var list = box.querySelector(".gk-results");
    var more = box.querySelector(".gk-results__more");
    var state = null, serial = 0;

    function show(doc, marks) {
      var li = document.createElement("li");
      li.className = "gk-result";
      var a = document.createElement("a");
      a.href = docHref(root, doc);
      a.className = "gk-result__title";
      a.textContent = doc.t;
      var meta = document.createElement("span");
      meta.className = "gk-result__meta";
      meta.textContent = [doc.k, doc.m, doc.n, doc.d].filter(Boolean).join(" · ");
      var p = document.createElement("p");
      p.className = "gk-result__excerpt";
      p.appendChild(excerpt(doc.x, marks));
      li.append(a, meta, p);
      list.appendChild(li);
    }

    /* Show up to ten more results whose text really holds every word (bigrams can meet apart). */
    function showMore() {
      if (!state) return Promise.resolve();
      var mine = serial, s = state, wanted = 10;
      function step() {
        if (mine !== serial) return Promise.resolve();
        var f = s.found, done = s.next >= f.hits.length && f.next >= f.tiers.length;
        if (wanted && s.next >= f.hits.length && !done) {  /* the next tier, fetched only now */
          return f.more().then(step);
        }
        if (!wanted || done) {
          more.hidden = done;
          status.textContent = s.shown
            ? "找到" + (done ? " " + s.shown : "约 " + f.count) + " 条与“" + s.query + "”相关的内容"
            : "没有找到与“" + s.query + "”相关的内容，请换个词试试";
          return Promise.resolve();
        }
        var batch = f.hits.slice(s.next, s.next + wanted);
        s.next += batch.length;
        return Promise.all(batch.map(function (hit) { return index.doc(hit.doc); })).then(function (docs) {
          if (mine !== serial) return;
          docs.forEach(function (doc, i) {
            if (s.taken.has(batch[i].doc)) return;
            var marks = marksIn(normalize(doc.t + " " + doc.x), s.found.tiers[batch[i].tier]);
            if (wanted && marks) {
              s.taken.add(batch[i].doc);
              show(doc, marks);
              s.shown++;
              wanted--;
            }
          });
          return step();
        });
      }
      return step();
    }

    function run() {
      var query = input.value.trim();
      var words = wordsOf(query);
      var mine = ++serial;
      list.textContent = "";
      more.hidden = true;
      if (!words.length) {
        status.textContent = query ? "请输入汉字、字母或数字" : "";
        return;
      }
      status.textContent = "正在搜索……";
      var kindCode = kind.selectedIndex - 1;
      index.find(words, kindCode).then(function (found) {
        if (mine !== serial) return;
        state = { query: query, found: found, next: 0, shown: 0, taken: new Set() };
        return showMore();
      }).catch(function () {
        if (mine === serial) status.textContent = "搜索暂时不可用，请稍后再试";
      });
    }

    var typing = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);  /* Enter runs the query now: the pending run of typing would start it over */
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value.trim());
      window.history.replaceState(null, "", url);
      run();
    });
    kind.addEventListener("change", run);
    more.addEventListener("click", showMore);
    input.addEventListener("input", function () {  /* results as the reader types */
      clearTimeout(typing);
      typing = setTimeout(run, 250);
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
  }

  /* Under `gongkai serve`: the data errors of the last save, the drafts and scheduled records the
     preview shows (with links) and the build's notices, in a panel that folds away to a small tab
     (remembered for the session; on a phone it starts folded unless there are errors). */
  function watchPreview() {
    var meta = document.querySelector('meta[name="gk-preview"]');
    if (!meta) return;
    var url = meta.getAttribute("content");
    var root = url.replace(/gongkai-preview\.json$/, "");
    var KEY = "gk-preview-folded";
    var box = null;
    var shown = "";
    function folded(errors) {
      var saved = null;
      try { saved = window.sessionStorage.getItem(KEY); } catch (e) { /* storage off: not remembered */ }
      if (saved !== null) return saved === "1";
      return !errors && window.matchMedia("(max-width: 44.9375em)").matches;
    }
    function list(items, make) {
      var ul = document.createElement("ul");
      items.forEach(function (item) {
        var li = document.createElement("li");
        make(li, item);
        ul.appendChild(li);
      });
      return ul;
    }
    function para(text) {
      var p = document.createElement("p");
      p.textContent = text;
      return p;
    }
    function render(status) {
      var errors = status.errors || [], notices = status.notices || [], pending = status.pending || [];
      var count = errors.length + notices.length + pending.length;
      var isFolded = folded(errors.length > 0);
      var signature = JSON.stringify(status) + isFolded;
      if (signature === shown) return;
      shown = signature;
      if (!count) {
        if (box) { box.remove(); box = null; }
        return;
      }
      if (!box) {
        box = document.createElement("aside");
        document.body.appendChild(box);
      }
      box.className = "gk-preview-errors" + (errors.length ? "" : " gk-preview-errors--notice") + (isFolded ? " gk-preview-errors--folded" : "");
      box.setAttribute("role", errors.length ? "alert" : "status");
      box.setAttribute("aria-label", "预览提示");
      box.textContent = "";
      var bar = document.createElement("div");
      bar.className = "gk-preview-errors__bar";
      var title = document.createElement("strong");
      title.textContent = errors.length ? "数据有 " + errors.length + " 处错误" : "预览提示（" + count + " 条）";
      var toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "gk-preview-errors__toggle";
      toggle.textContent = isFolded ? "展开" : "收起";
      toggle.setAttribute("aria-expanded", String(!isFolded));
      toggle.addEventListener("click", function () {
        try { window.sessionStorage.setItem(KEY, isFolded ? "0" : "1"); } catch (e) { /* not remembered */ }
        shown = "";
        render(status);
      });
      bar.append(title, toggle);
      box.appendChild(bar);
      if (isFolded) return;
      var body = document.createElement("div");
      body.className = "gk-preview-errors__body";
      if (errors.length) {
        body.append(para("预览显示的是上一次正确的内容。改好保存后自动更新："), list(errors, function (li, error) { li.textContent = error; }));
      }
      if (pending.length) {
        body.append(para("只在预览中显示、网站上还不会发布的记录："), list(pending, function (li, item) {
          var a = document.createElement("a");
          a.href = root + item.url;
          a.textContent = item.title;
          li.append(item.state + " · ", a, "（" + item.src + "）");
        }));
      }
      if (notices.length) {
        body.append(para("提示："), list(notices, function (li, notice) { li.textContent = notice; }));
      }
      box.appendChild(body);
    }
    function poll() {
      fetch(url + "?t=" + Date.now(), { cache: "no-store" }).then(function (r) { return r.json(); }).then(render)
        .catch(function () {}).then(function () { setTimeout(poll, 1500); });
    }
    poll();
  }

  function start() {
    startElder();
    correctAll();
    startFind();
    startFilters();
    startOpinionForm();
    startPrint();
    startRead();
    startSearch();
    startSuggest();
    watchPreview();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
