# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html: the main job's report as one self-contained page (issue #19).

``report_html(report)`` renders a report of failure_matrix.site_report (measured or not): per plan, a picture of
its topology as planned (inline SVG from the plan's ``topology``, report_topology.py), the table of its rows and a
timeline per row (inline SVG: the failure at t=0, each platform's bound, the measured switch; the repair likewise).
No external URL, no external file: inline CSS, inline SVG and one inline script that checks every picture is drawn
(it writes ``data-pictures`` and ``data-errors`` on <body>, which the browser test reads). Every text from the
report goes through html.escape. The output is deterministic (the golden test compares it byte for byte).
"""

from __future__ import annotations

import html

ROWS_LISTED = 25     # rows per plan drawn (all of them are in report.json)
PLANS_LISTED = 20    # plans per design drawn
COLUMN, ROW, BOX_W, BOX_H = 370, 62, 210, 40
STYLE = """body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1300px}
h1{font-size:1.5em}h2{font-size:1.2em;border-top:1px solid #ccc;padding-top:.8em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.8em;margin:.6em 0}td,th{border:1px solid #bbb;padding:3px 5px;vertical-align:top}
th{background:#eee}.st{font-weight:bold}.passed{color:#070}.failed{color:#b00}.predicted,.skipped{color:#666}
.broken{color:#b00;font-weight:bold}.note{color:#555;font-size:.9em}svg{display:block;margin:.4em 0;max-width:100%;height:auto}
svg text{font-family:sans-serif}.node rect{fill:#eef4fb;stroke:#246}.link{stroke:#246;stroke-width:2;fill:none}
.standby{stroke-dasharray:7 5}.plain{stroke:#999;stroke-width:1}
.axis{stroke:#444}.bound{stroke:#a60;stroke-width:2}.measured{fill:#07a}.fail{fill:#b00}.timeline{margin-left:1em}"""
# the first script catches every error and console.error of the page; the last one checks the pictures
CATCH = """window.reportErrors=[];window.addEventListener('error',function(e){window.reportErrors.push(String(e.message));});
(function(){var f=console.error;console.error=function(){window.reportErrors.push(Array.prototype.join.call(arguments,' '));
return f.apply(console,arguments);};})();"""
CHECK = """(function(){var p=document.querySelectorAll('svg'),n=0,bad=[];for(var i=0;i<p.length;i++){var b=p[i].getBBox();
if(b.width>0&&b.height>0&&p[i].childElementCount>0){n++;}else{bad.push(p[i].id||String(i));}}
document.body.setAttribute('data-pictures',n+'/'+p.length);document.body.setAttribute('data-undrawn',bad.join(' '));
document.body.setAttribute('data-errors',window.reportErrors.join('; '));})();"""


def esc(value):
    return html.escape(str(value), quote=True)


def _num(value):
    """A number as the page shows it: no float noise, deterministic."""
    return ("%.3f" % value).rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _text(x, y, value, size=11, anchor="start", cls=""):
    return '<text x="%s" y="%s" font-size="%s" text-anchor="%s"%s>%s</text>' % (
        _num(x), _num(y), size, anchor, ' class="%s"' % cls if cls else "", esc(value))


def _short(value, width):
    value = str(value)
    return value if len(value) <= width else value[:width - 1] + "\u2026"


def topology_svg(topology, sid):
    """The plan's picture: the columns of nodes, each link a line (solid active, dashed standby, thin plain)."""
    if not topology or not topology.get("nodes"):
        return '<p class="note">No picture: %s</p>' % esc((topology or {}).get("caption") or "no plan")
    where, stacked = {}, {}
    for node in topology["nodes"]:
        column = int(node.get("column") or 0)
        stacked[column] = stacked.get(column, 0) + 1
        where[node["id"]] = (20 + column * COLUMN, 20 + (stacked[column] - 1) * ROW)
    width = 40 + (max(stacked) + 1) * COLUMN - (COLUMN - BOX_W)
    height = 40 + max(stacked.values()) * ROW
    parts = ['<svg id="%s" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">' % (
        esc(sid), width, height, width, height, esc(topology.get("caption") or ""))]
    pairs = {}
    for link in topology["links"]:
        if link["a"] not in where or link["b"] not in where:
            continue
        (ax, ay), (bx, by) = where[link["a"]], where[link["b"]]
        # parallel links (a bond's members) side by side, 14 px apart
        pairs[(link["a"], link["b"])] = pairs.get((link["a"], link["b"]), -1) + 1
        ay, by = ay + 14 * pairs[(link["a"], link["b"])], by + 14 * pairs[(link["a"], link["b"])]
        x1, y1 = (ax + BOX_W, ay + BOX_H / 2) if bx > ax else (ax, ay + BOX_H / 2) if bx < ax else (ax + BOX_W / 2, ay + BOX_H)
        x2, y2 = (bx, by + BOX_H / 2) if bx > ax else (bx + BOX_W, by + BOX_H / 2) if bx < ax else (bx + BOX_W / 2, by)
        if bx == ax and by < ay:
            y1, y2 = ay, by + BOX_H
        parts.append('<line class="link %s" x1="%s" y1="%s" x2="%s" y2="%s"><title>%s</title></line>' % (
            esc(link.get("path") or "plain"), _num(x1), _num(y1), _num(x2), _num(y2), esc(link.get("label") or "")))
        if link.get("label"):
            # beside the far end, where the stacked nodes keep the labels apart
            anchor = "end" if bx > ax else "start" if bx < ax else "middle"
            shift = -4 if bx > ax else 4 if bx < ax else 0
            parts.append(_text(x2 + shift, (y1 + y2) / 2 if bx == ax else y2 - 4, _short(link["label"], 30), 9, anchor))
    for node in topology["nodes"]:
        x, y = where[node["id"]]
        parts.append('<g class="node"><title>%s: %s</title><rect x="%d" y="%d" width="%d" height="%d" rx="5"/>%s%s</g>' % (
            esc(node["label"]), esc(node.get("detail") or ""), x, y, BOX_W, BOX_H,
            _text(x + 6, y + 16, _short(node["label"], 32), 12), _text(x + 6, y + 31, _short(node.get("detail") or "", 40), 9)))
    parts.append("</svg>")
    return "".join(parts)


def _platforms(bound):
    return [p.strip() for p in str(bound.get("platform") or "").split(",") if p.strip()]


def timeline_svg(row, sid):
    """A row's timeline: the failure at t=0 and its bounds, then the repair at t=0 and its bounds, with the
    measured switch and return (or "not replayed"), and, dashed, what the lab judged them by (its bound plus its
    margin) when the record says so."""
    measured = row.get("measured") or {}
    lab = measured.get("bounds") or {}
    panels = [("failure", row["bounds"], measured.get("switch_seconds"), "switch"),
              ("repair", row["repair"]["bounds"], measured.get("return_seconds"), "return")]
    numbers = [b["seconds"] for _n, bounds, _m, _w in panels for b in bounds if isinstance(b.get("seconds"), (int, float))]
    numbers += [m for _n, _b, m, _w in panels if isinstance(m, (int, float))]
    numbers += [lab[w] + lab["margin"] for _n, _b, _m, w in panels if lab]
    scale_top = max(numbers + [1]) * 1.15
    width, half = 720, 340
    height = 34 + 14 * max(len(panels[0][1]), len(panels[1][1]), 1) + 16 + (14 if lab else 0)
    parts = ['<svg id="%s" class="timeline" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">' % (
        esc(sid), width, height, width, height, esc("timeline of " + row["id"]))]
    for index, (name, bounds, seen, what) in enumerate(panels):
        left = 10 + index * (half + 20)
        span = half - 20

        def at(seconds, left=left, span=span):
            return left + span * float(seconds) / scale_top

        parts.append('<line class="axis" x1="%d" y1="24" x2="%d" y2="24"/>' % (left, left + span))
        parts.append('<line class="axis" x1="%d" y1="16" x2="%d" y2="32"/>' % (left, left))
        parts.append(_text(left, 12, "%s at t=0 (scale %s s)" % (name, _num(round(scale_top, 1))), 10))
        for number, bound in enumerate(bounds):
            y = 44 + number * 14
            if isinstance(bound.get("seconds"), (int, float)):
                x = at(bound["seconds"])
                parts.append('<line class="bound" x1="%s" y1="18" x2="%s" y2="30"><title>%s</title></line>' % (
                    _num(x), _num(x), esc(bound.get("arithmetic") or "")))
                label = "%s: %s s (%s)" % (", ".join(_platforms(bound)), _num(bound["seconds"]), bound.get("what"))
            else:
                label = "%s: no bound (%s)" % (", ".join(_platforms(bound)), bound.get("what"))
            parts.append(_text(left, y, _short(label, 60), 9))
        y = 44 + max(len(bounds), 1) * 14
        if lab:   # what the lab's replay judged this phase by: its own options' bound, plus its margin
            x = at(lab[what] + lab["margin"])
            parts.append('<line class="lab" style="stroke:#a60;stroke-dasharray:3,2" x1="%s" y1="18" x2="%s" y2="30">'
                         '<title>the lab judged by %s s + margin %s s</title></line>' % (
                             _num(x), _num(x), _num(lab[what]), _num(lab["margin"])))
            parts.append(_text(left, y, "lab: %s s + margin %s s (dashed)" % (_num(lab[what]), _num(lab["margin"])), 9))
            y += 14
        if isinstance(seen, (int, float)):
            cls = "fail" if row.get("status") == "failed" else "measured"
            parts.append('<circle class="%s" cx="%s" cy="24" r="4"><title>measured %s %s s</title></circle>' % (
                cls, _num(at(seen)), what, _num(seen)))
            parts.append(_text(left, y, "measured %s: %s s (%s)" % (what, _num(seen), measured.get("platform")), 9))
        else:
            parts.append(_text(left, y, "measured %s: %s" % (what, "not replayed" if not measured else "not measured"), 9))
    parts.append("</svg>")
    return "".join(parts)


def _bounds(bounds):
    return "<br>".join("%s (%s): %s" % (esc(b.get("what")), esc(b.get("platform")), esc(b.get("arithmetic")))
                       for b in bounds) or "-"


def _measured_cell(row):
    measured = row.get("measured")
    if not measured:
        return "not replayed"
    parts = ["switch %s s, return %s s (%s)" % tuple(esc("-" if v is None else _num(v)) for v in (
        measured.get("switch_seconds"), measured.get("return_seconds"), measured.get("platform")))]
    if measured.get("state"):
        parts.append(esc(measured["state"]))
    parts += ["%s %s%s" % ("held" if i.get("held") else '<span class="broken">NOT HELD</span>', esc(i.get("id")),
                           ": " + esc(i["detail"]) if i.get("detail") else "") for i in measured.get("invariants") or []]
    for reason in row.get("why_failed") or []:
        parts.append('<span class="broken">%s</span>' % esc(reason))
    if measured.get("why"):
        parts.append(esc(measured["why"]))
    return "<br>".join(parts)


def _row(each):
    flag = (' <span class="broken">(broken: %s)</span>' % esc(", ".join(sorted({f["code"] for f in each["findings"]})))
            if each.get("findings") else ' <span class="broken">(not what the design promises)</span>'
            if each.get("deviates") else "")
    invariants = "<br>".join("%s %s" % ("holds" if i["predicted_to_hold"] else '<span class="broken">BROKEN</span>',
                                        esc(i["id"])) for i in each["invariants"]) or "-"
    status = esc(each.get("status") or "predicted")
    return "<tr><td>%s</td><td>%s</td><td>%s%s</td><td>%s</td><td>%s; %s</td><td>%s</td>" \
        '<td class="st %s">%s</td><td>%s</td></tr>' % (
            esc(each["id"]), esc(each["failure"]["text"]), esc(each["predicted"]["text"]), flag, _bounds(each["bounds"]),
            esc(each["repair"]["predicted"]["text"]), _bounds(each["repair"]["bounds"]), invariants, status, status,
            _measured_cell(each))


def _counts(counts):
    text = "%d plans, %d rows, %d not what the design promises, %d with an invariant predicted broken" % (
        counts["plans"], counts["rows"], counts["rows_deviating"], counts["rows_invariant_broken"])
    if "rows_replayed" in counts:
        text += "; replayed in the lab: %d rows, %d passed, %d failed" % (
            counts["rows_replayed"], counts["rows_passed"], counts["rows_failed"])
    return text


def report_html(report):
    """The page (a str ending in a newline)."""
    replayed = bool(report.get("replayed"))
    title = "Failure matrix (%s)" % ("predicted and replayed in the lab" if replayed else "predicted, not replayed")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s</title><style>%s</style><script>%s</script></head>" % (esc(title), STYLE, CATCH),
           '<body data-status="%s"><h1>%s</h1>' % (esc(report.get("status")), esc(title)),
           '<p class="note">%s.</p>' % esc(report.get("note") or ""),
           '<p>Status: <span class="st %s">%s</span>. %s.</p>' % (
               esc(report.get("status")), esc(report.get("status")), esc(_counts(report["counts"])))]
    shown = {}
    for number, entry in enumerate(report["plans"]):
        shown[entry["design"]] = shown.get(entry["design"], 0) + 1
        if shown[entry["design"]] > PLANS_LISTED:
            continue
        hosts = entry["hosts"][:5] + (["and %d more" % (len(entry["hosts"]) - 5)] if len(entry["hosts"]) > 5 else [])
        out.append('<section id="plan-%d"><h2>%s (%s)</h2>' % (number, esc(entry["design"]), esc(", ".join(hosts))))
        out.append("<p>%s</p>" % esc(entry["plan_summary"] or "No plan can be made from this intent."))
        for finding in entry["blocking"]:
            out.append('<p class="broken">Refused by the design check: %s at %s: %s</p>' % (
                esc(finding.get("code")), esc(finding.get("where")), esc(finding.get("message"))))
        topology = entry.get("topology")
        out.append(topology_svg(topology, "topology-%d" % number))
        if topology and topology.get("nodes"):
            out.append('<p class="note">%s</p>' % esc(topology.get("caption") or ""))
        rows = entry["rows"][:ROWS_LISTED]
        if rows:
            out.append("<table><tr><th>row</th><th>failure (inject)</th><th>predicted state</th><th>bound</th>"
                       "<th>after repair</th><th>invariants</th><th>status</th><th>measured</th></tr>")
            out += [_row(each) for each in rows]
            out.append("</table>")
        for at, each in enumerate(rows):
            out.append("<h3>%s</h3>%s" % (esc(each["id"]), timeline_svg(each, "timeline-%d-%d" % (number, at))))
        if len(entry["rows"]) > ROWS_LISTED:
            out.append("<p>... and %d more rows (all in report.json).</p>" % (len(entry["rows"]) - ROWS_LISTED))
        out.append("</section>")
    for design, count in shown.items():
        if count > PLANS_LISTED:
            out.append("<p>%s: and %d more plans (all in report.json).</p>" % (esc(design), count - PLANS_LISTED))
    out.append("<script>%s</script></body></html>" % CHECK)
    return "\n".join(out) + "\n"
