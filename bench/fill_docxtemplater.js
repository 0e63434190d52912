// fill_docxtemplater.js TEMPLATE.docx DATA.json OUT.docx
// Fill the docxtemplater version of a jixiao template (make_dt_template.py)
// with the same data, and print the time of the fill (load + render +
// zip) in milliseconds.  The parser below understands jixiao's tag text —
// dotted paths, @序号, "a or b" and the common filters — so both engines do
// comparable work; formatting uses JavaScript numbers (the bench measures
// speed, not exactness).
"use strict";
const fs = require("fs");
const path = require("path");
const PizZip = require(path.join(__dirname, "node_modules", "pizzip"));
const Docxtemplater = require(path.join(__dirname, "node_modules", "docxtemplater"));

const cn = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const counters = [0, 0, 0, 0];
function heading(level, n) {
  const c = n <= 10 ? cn[n] : String(n);
  return level === 1 ? c + "、" : level === 2 ? "（" + c + "）" : level === 3 ? n + "." : "（" + n + "）";
}
function lookup(scopeList, p) {
  const segs = p.split(".");
  for (let i = scopeList.length - 1; i >= 0; i--) {
    let v = scopeList[i];
    if (v && typeof v === "object" && segs[0] in v) {
      for (const s of segs) v = v == null ? undefined : v[s];
      return v;
    }
  }
  return undefined;
}
function applyFilter(v, f) {
  const [name, arg] = f.split(/[:：]/).map((s) => s && s.trim());
  const num = Number(v);
  switch (name) {
    case "万元": return v == null ? v : num.toFixed(arg ? +arg : 2);
    case "百分比": return v == null ? v : num.toFixed(arg ? +arg : 2) + "%";
    case "默认": return v == null || v === "" ? arg : v;
    case "个数": return Array.isArray(v) ? v.length : 0;
    case "中文数字": return cn[num] || String(num);
    case "绝对值": return Math.abs(num);
    case "增减": return num > 0 ? "增加" : num < 0 ? "减少" : "持平";
    case "中文日期": { const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(v || ""); return m ? `${+m[1]}年${+m[2]}月${+m[3]}日` : v; }
    default: return v;
  }
}
function truthy(v) {
  return v != null && v !== "" && v !== false && !(Array.isArray(v) && !v.length);
}
function parser(tag) {
  const cond = tag.startsWith("if:");
  if (cond) tag = tag.slice(3);
  const alts = tag.split(/\s+or\s+/);
  return {
    get(scope, context) {
      const scopeList = context.scopeList;
      const vals = alts.map((a) => {
        let [p, ...filters] = a.split(/[|｜]/).map((s) => s.trim());
        let v;
        p = p.replace(/^\$/, "@");
        if (p === "." || p === "this") v = scope;
        else if (p === "@序号" || p === "@index") v = (context.scopePathItem.slice(-1)[0] || 0) + 1;
        else if (p === "@末项" || p === "@last") {
          const n = context.scopePathLength.slice(-1)[0], i = context.scopePathItem.slice(-1)[0];
          v = i === n - 1;
        } else if (p === "@首项" || p === "@first") v = context.scopePathItem.slice(-1)[0] === 0;
        else if (/^@[一二三四]级$/.test(p)) {
          const lv = "一二三四".indexOf(p[1]);
          counters[lv]++;
          for (let k = lv + 1; k < 4; k++) counters[k] = 0;
          v = heading(lv + 1, counters[lv]);
        } else v = lookup(scopeList, p);
        for (const f of filters) v = applyFilter(v, f);
        if (Array.isArray(v) && !tag.startsWith("#") && v.every((x) => typeof x !== "object")) return v;
        return v;
      });
      if (cond) return vals.some(truthy);
      let v = vals[0];
      // amounts arrive as exact 6-decimal strings; show 2 decimals as jixiao does
      if (typeof v === "string" && /^-?\d+\.\d{6}$/.test(v)) v = Number(v).toFixed(2);
      // paragraph lists written as one field: one line each
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.join("\n");
      return v;
    },
  };
}

const [tplPath, dataPath, outPath] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(dataPath, "utf8"));
const tplBytes = fs.readFileSync(tplPath);
const t0 = process.hrtime.bigint();
let doc;
try {
  doc = new Docxtemplater(new PizZip(tplBytes), {
  paragraphLoop: true, linebreaks: true, delimiters: { start: "{{", end: "}}" }, parser,
  nullGetter: () => "",
});
} catch (e) {
  const errs = (e.properties && e.properties.errors) || [e];
  for (const x of errs.slice(0, 5)) console.error((x.properties && x.properties.explanation) || x.message);
  process.exit(1);
}
try {
  doc.render(data);
} catch (e) {
  const errs = (e.properties && e.properties.errors) || [e];
  for (const x of errs.slice(0, 5)) console.error((x.properties && x.properties.explanation) || x.message);
  process.exit(1);
}
const out = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
const t1 = process.hrtime.bigint();
fs.writeFileSync(outPath, out);
console.log(Number(t1 - t0) / 1e6);
