//! Progression maps and radar charts, drawn as SVG at build time so that reading them needs
//! no JavaScript. Colours come from the theme's CSS classes, so dark mode and print apply.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Framework, GradeId, RoleId, TrackId};

/// Role boxes: size, and the gap between two boxes of one grade in the same track.
const BOX_W: f64 = 148.0;
const BOX_H: f64 = 44.0;
const GAP_X: f64 = 10.0;
/// The gap between two track columns, wide enough for a lateral arrow to be seen.
const COL_GAP: f64 = 30.0;
const ROW_H: f64 = 72.0;
/// The grade labels' column.
const LEFT: f64 = 78.0;
/// Characters of a role title per line in a box (12px text in 148px less padding).
const BOX_CHARS: usize = 20;
/// An upper bound of the average width of a character of 13px bold text, to wrap track
/// names inside their column (7.6 let "Product management" run 4 px past the last one).
const TRACK_CHAR_W: f64 = 8.4;
/// Baselines of the family label and of the first line of the track names.
const FAMILY_Y: f64 = 16.0;
const TRACK_Y: f64 = 42.0;
const LINE_H: f64 = 14.0;

/// Escapes text for SVG (XML) content and attributes.
pub fn escape(text: &str) -> String {
    // XML needs the same five entities as HTML text and attributes.
    super::escape_html(text)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Wraps `text` at spaces into at most `lines` lines of at most `width` characters. A word
/// longer than a line is split with a hyphen; text left over after the last line ends it
/// with `…`.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let width = width.max(2);
    let lines = lines.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits =
            current.is_empty() || current.chars().count() + 1 + word.chars().count() <= width;
        if !fits {
            out.push(std::mem::take(&mut current));
            if out.len() == lines {
                // No room for this word: mark the last line as cut.
                let last = out.pop().expect("one line at least");
                out.push(ellipsis(&last, width));
                return out;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        // A word longer than a line is split with a hyphen, or cut on the last line.
        while current.chars().count() > width {
            if out.len() + 1 == lines {
                out.push(ellipsis(&current, width));
                return out;
            }
            let head: String = current.chars().take(width - 1).collect();
            let tail: String = current.chars().skip(width - 1).collect();
            out.push(format!("{head}-"));
            current = tail;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `text` ending in `…`, within `width` characters.
fn ellipsis(text: &str, width: usize) -> String {
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut = cut.trim_end().to_owned();
    format!("{cut}…")
}

/// `<tspan>` lines of text at `x` (aligned by the text's `text-anchor`), the first baseline
/// at `y`.
fn tspans(lines: &[String], x: f64, y: f64) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            Px(x),
            Px(y + i as f64 * LINE_H),
            escape(line)
        );
    }
    out
}

/// A map of `tracks` on the shared grade axis: one column per track (grouped under their
/// family), one row per grade with the most senior at the top, a box per role linking to
/// its page, solid arrows for promotions and dashed ones for lateral moves (with a head at
/// both ends when the move goes both ways).
///
/// `root` prefixes every link (the page's way back to the site root); `id` makes the marker
/// ids unique on a page with several maps; `highlight` marks one role.
pub fn progression_map(
    framework: &Framework,
    tracks: &[TrackId],
    root: &str,
    id: &str,
    highlight: Option<RoleId>,
) -> String {
    let roles: Vec<RoleId> = tracks
        .iter()
        .flat_map(|t| framework[*t].roles.iter().copied())
        .collect();
    if roles.is_empty() {
        return String::new();
    }
    let min_grade = roles
        .iter()
        .map(|r| framework[*r].grade)
        .min()
        .expect("non-empty");
    let max_grade = roles
        .iter()
        .map(|r| framework[*r].grade)
        .max()
        .expect("non-empty");
    let rows = max_grade.0 - min_grade.0 + 1;

    // Column widths: as many boxes side by side as the fullest grade of the track.
    let mut columns: Vec<(TrackId, f64, f64)> = Vec::new();
    let mut x = LEFT;
    let mut cells: BTreeMap<(TrackId, GradeId), Vec<RoleId>> = BTreeMap::new();
    for &t in tracks {
        for &r in &framework[t].roles {
            cells.entry((t, framework[r].grade)).or_default().push(r);
        }
        let widest = framework[t]
            .roles
            .iter()
            .map(|r| cells[&(t, framework[*r].grade)].len())
            .max()
            .unwrap_or(1)
            .max(1);
        let width = widest as f64 * BOX_W + (widest - 1) as f64 * GAP_X;
        columns.push((t, x, width));
        x += width + COL_GAP;
    }
    let width = x - COL_GAP + 8.0;
    // Track names wrap to two lines; the grid starts below the longest.
    let track_names: Vec<Vec<String>> = columns
        .iter()
        .map(|&(t, _, w)| wrap(&framework[t].name, ((w / TRACK_CHAR_W) as usize).max(6), 2))
        .collect();
    let name_lines = track_names.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let header = TRACK_Y + (name_lines - 1.0) * LINE_H + 14.0;
    let height = header + rows as f64 * ROW_H + 8.0;

    let mut position: BTreeMap<RoleId, (f64, f64)> = BTreeMap::new();
    for &(t, x0, _) in &columns {
        for (&(track, grade), list) in cells.range((t, GradeId(0))..=(t, GradeId(usize::MAX))) {
            debug_assert_eq!(track, t);
            let row = max_grade.0 - grade.0;
            let y = header + row as f64 * ROW_H + (ROW_H - BOX_H) / 2.0;
            for (i, r) in list.iter().enumerate() {
                position.insert(*r, (x0 + i as f64 * (BOX_W + GAP_X), y));
            }
        }
    }

    let mut svg = String::new();
    let (w, h) = (Px(width), Px(height));
    let _ = write!(
        svg,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-label=\"Progression map: tracks side by side on the shared grades\">"
    );
    let _ = write!(
        svg,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"map-arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker><marker id=\"{id}-arrow-lateral\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"map-arrowhead-lateral\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>"
    );
    // Grade bands and labels.
    for row in 0..rows {
        let grade = &framework.grades[max_grade.0 - row];
        let y = header + row as f64 * ROW_H;
        let band = if row % 2 == 0 {
            "map-band"
        } else {
            "map-band map-band-alt"
        };
        let _ = write!(
            svg,
            "<rect class=\"{band}\" x=\"0\" y=\"{}\" width=\"{w}\" height=\"{}\"/><text class=\"map-grade\" x=\"10\" y=\"{}\">{}</text><text class=\"map-grade-name\" x=\"10\" y=\"{}\">{}</text>",
            Px(y),
            Px(ROW_H),
            Px(y + ROW_H / 2.0 - 3.0),
            escape(&truncate(&grade.id, 9)),
            Px(y + ROW_H / 2.0 + 13.0),
            escape(&truncate(&grade.name, 11)),
        );
    }
    // Family and track headers.
    let mut family_spans: Vec<(String, f64, f64)> = Vec::new();
    for (&(t, x0, w), name) in columns.iter().zip(&track_names) {
        let family = framework[t].family.clone().unwrap_or_default();
        match family_spans.last_mut() {
            Some((f, _, end)) if *f == family => *end = x0 + w,
            _ => family_spans.push((family, x0, x0 + w)),
        }
        let _ = write!(
            svg,
            "<a class=\"map-track-link\" href=\"{root}tracks/{}/\"><text class=\"map-track\">{}<title>{}</title></text></a>",
            escape(&framework[t].id),
            tspans(name, x0 + 2.0, TRACK_Y),
            escape(&framework[t].name),
        );
    }
    for (family, x0, x1) in &family_spans {
        if family.is_empty() {
            continue;
        }
        let _ = write!(
            svg,
            "<line class=\"map-family-rule\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/><text class=\"map-family\" x=\"{}\" y=\"{}\">{}</text>",
            Px(*x0),
            Px(*x1),
            Px(FAMILY_Y + 6.0),
            Px(FAMILY_Y + 6.0),
            Px(*x0),
            Px(FAMILY_Y),
            escape(&truncate(family, (((x1 - x0) / 7.5) as usize).max(6))),
        );
    }
    // Edges under the boxes.
    let occupied = |y: f64, from: f64, to: f64| {
        let (lo, hi) = if from < to { (from, to) } else { (to, from) };
        position
            .values()
            .any(|&(x, yy)| (yy - y).abs() < 1.0 && x > lo + 1.0 && x < hi - 1.0)
    };
    for &r in &roles {
        let Some(&(x0, y0)) = position.get(&r) else {
            continue;
        };
        for m in &framework[r].next {
            if let Some(&(x1, y1)) = position.get(&m.to) {
                let path = if (x0 - x1).abs() < 1.0 && y1 < y0 {
                    format!(
                        "M{},{} L{},{}",
                        Px(x0 + BOX_W / 2.0),
                        Px(y0),
                        Px(x1 + BOX_W / 2.0),
                        Px(y1 + BOX_H + 1.0)
                    )
                } else {
                    let (sx, sy) = (x0 + BOX_W / 2.0, y0);
                    let (tx, ty) = (x1 + BOX_W / 2.0, y1 + BOX_H + 1.0);
                    let (c1, c2) = (Px(sy - 24.0), Px(ty + 24.0));
                    let (sx, sy, tx, ty) = (Px(sx), Px(sy), Px(tx), Px(ty));
                    format!("M{sx},{sy} C{sx},{c1} {tx},{c2} {tx},{ty}")
                };
                let _ = write!(
                    svg,
                    "<path class=\"map-promotion\" d=\"{path}\" marker-end=\"url(#{id}-arrow)\"/>"
                );
            }
        }
        for m in &framework[r].lateral {
            // A move both ways is drawn once, from the role listed first, with two heads.
            let both_ways = framework[m.to].lateral.iter().any(|back| back.to == r);
            if both_ways && m.to < r {
                continue;
            }
            let Some(&(x1, y1)) = position.get(&m.to) else {
                continue;
            };
            let path = if (y1 - y0).abs() < 1.0 && occupied(y0, x0, x1) {
                // Other boxes stand between the two on this grade: dip below them.
                let (sx, tx) = (x0 + BOX_W * 0.75, x1 + BOX_W * 0.25);
                let by = y0 + BOX_H + 1.0;
                let dip = by + (ROW_H - BOX_H) * 0.8;
                let (sx, tx, by, dip) = (Px(sx), Px(tx), Px(by), Px(dip));
                format!("M{sx},{by} C{sx},{dip} {tx},{dip} {tx},{by}")
            } else {
                let (sx, tx) = if x1 > x0 {
                    (x0 + BOX_W + 1.0, x1 - 1.0)
                } else {
                    (x0 - 1.0, x1 + BOX_W + 1.0)
                };
                let (sy, ty) = (y0 + BOX_H / 2.0, y1 + BOX_H / 2.0);
                let mid = (sx + tx) / 2.0;
                let (sx, sy, tx, ty, mid) = (Px(sx), Px(sy), Px(tx), Px(ty), Px(mid));
                format!("M{sx},{sy} C{mid},{sy} {mid},{ty} {tx},{ty}")
            };
            let start = if both_ways {
                format!(" marker-start=\"url(#{id}-arrow-lateral)\"")
            } else {
                String::new()
            };
            let _ = write!(
                svg,
                "<path class=\"map-lateral\" d=\"{path}\"{start} marker-end=\"url(#{id}-arrow-lateral)\"/>"
            );
        }
    }
    // Role boxes, each a link; titles wrap to two lines.
    for &r in &roles {
        let role = &framework[r];
        let (x0, y0) = position[&r];
        let class = if Some(r) == highlight {
            "map-role map-role-current"
        } else {
            "map-role"
        };
        let lines = wrap(&role.title, BOX_CHARS, 2);
        let first = y0 + BOX_H / 2.0 + 4.0 - (lines.len() as f64 - 1.0) * LINE_H / 2.0;
        let _ = write!(
            svg,
            "<a class=\"{class}\" href=\"{root}roles/{}/\"><title>{} ({} {})</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/><text text-anchor=\"middle\">{}</text></a>",
            escape(&role.id),
            escape(&role.title),
            escape(&framework.grades[role.grade.0].id),
            escape(&framework.grades[role.grade.0].name),
            Px(x0),
            Px(y0),
            Px(BOX_W),
            Px(BOX_H),
            tspans(&lines, x0 + BOX_W / 2.0, first),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One spoke of a radar chart.
pub struct Spoke<'a> {
    /// Skill name.
    pub label: &'a str,
    /// Required level, on the skill's own numbering.
    pub level: usize,
    /// The name of that level, which the label shows.
    pub name: String,
    /// The number of the skill's lowest level.
    pub first: usize,
    /// The number of its highest level.
    pub max: usize,
}

impl Spoke<'_> {
    /// How far up its own scale the level is: 1 for its lowest level.
    fn step(&self) -> usize {
        (self.level + 1).saturating_sub(self.first).max(1)
    }

    /// How many levels its scale has.
    fn steps(&self) -> usize {
        (self.max + 1).saturating_sub(self.first).max(1)
    }

    /// The skill's levels as the pages write them: `5`, or `2–5` for one starting above 1.
    fn range(&self) -> String {
        crate::model::level_range(self.first, self.max)
    }
}

/// Radar text: size, line height, an upper bound of the average character width (to keep
/// every label inside the drawing), and characters per line.
const RADAR_FONT: f64 = 12.5;
const RADAR_LINE: f64 = 15.0;
const RADAR_CHAR_W: f64 = 7.0;
/// The same for the level's name, which is bold.
const RADAR_BOLD_W: f64 = 7.8;
const RADAR_CHARS: usize = 15;

/// A coordinate to one decimal place, without a trailing `.0`.
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tenths as an integer: no float formatting, and `-0` comes out as `0`. Digits are
        // written by hand because a radar and a map print thousands of coordinates per page.
        let tenths = (self.0 * 10.0).round() as i64;
        let mut digits = [0u8; 24];
        let mut at = digits.len();
        let mut rest = tenths.unsigned_abs();
        if rest % 10 != 0 {
            at -= 2;
            digits[at] = b'.';
            digits[at + 1] = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if tenths < 0 {
            at -= 1;
            digits[at] = b'-';
        }
        f.write_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"))
    }
}

/// A length rounded to a whole number, exactly as `{:.0}` prints it (ties to even, and a
/// negative number that rounds to zero keeps its sign), without the float formatter, which
/// was most of the time of drawing a map.
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = self.0.round_ties_even();
        if whole == 0.0 && self.0.is_sign_negative() {
            return f.write_str("-0");
        }
        // Tenths of a whole number end in 0, so `Num` writes no decimal.
        std::fmt::Display::fmt(&Num(whole), f)
    }
}

/// A radar chart of a role's requirements, each spoke scaled to its skill's own number of
/// levels. `None` for fewer than three skills, where a radar says nothing a list does not.
///
/// Labels wrap to three lines at most and carry the level's name; the drawing is sized to
/// hold every label, so none is cut at the edge, and is meant to be shown at about its own
/// size.
pub fn radar(spokes: &[Spoke<'_>], title: &str) -> Option<String> {
    let n = spokes.len();
    // Fewer than three spokes draw no shape, and spokes all at the same share of their
    // scales draw a regular polygon that says nothing the list does not.
    if n < 3 || all_even(spokes.iter()) {
        return None;
    }
    let radius = 100.0_f64;
    // The direction of each spoke, computed once: every ring, axis and dot reuses it.
    let unit: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
            (angle.cos(), angle.sin())
        })
        .collect();
    let point = |i: usize, r: f64| (r * unit[i].0, r * unit[i].1);
    // Rings at each level of the most common scale among the spokes.
    let rings = {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for s in spokes {
            *counts.entry(s.steps()).or_default() += 1;
        }
        counts
            .iter()
            .max_by_key(|(max, count)| (**count, **max))
            .map_or(4, |(max, _)| *max)
            .clamp(2, 10)
    };

    // Lay the labels out first: their extent decides the drawing's bounds.
    struct Label {
        lines: Vec<String>,
        anchor: &'static str,
        x: f64,
        left: f64,
        widest: f64,
        /// The baseline of the first line.
        first: f64,
    }
    let mut placed: Vec<Label> = Vec::with_capacity(n);
    for (i, spoke) in spokes.iter().enumerate() {
        let (dx, dy) = unit[i];
        let (lx, ly) = point(i, radius + 10.0);
        let level = &spoke.name;
        let mut lines = wrap(spoke.label, RADAR_CHARS, 3);
        let last = lines.last().map_or(0, |l| l.chars().count());
        let level_on_own_line = last + 1 + level.chars().count() > RADAR_CHARS + 2;
        if level_on_own_line {
            lines.push(String::new());
        }
        let count = lines.len() as f64;
        // The level's name is bold: wider per character.
        let widest = lines
            .iter()
            .enumerate()
            .map(|(j, l)| {
                let mut w = l.chars().count() as f64 * RADAR_CHAR_W;
                if j + 1 == lines.len() {
                    w += level.chars().count() as f64 * RADAR_BOLD_W
                        + if l.is_empty() { 0.0 } else { RADAR_CHAR_W };
                }
                w
            })
            .fold(0.0, f64::max);
        // Only a spoke pointing straight up or down centres its label; any other leans
        // away from the axis, so neighbours at the top and bottom do not collide.
        let (anchor, x, left) = if dx > 0.1 {
            ("start", lx + 2.0, lx + 2.0)
        } else if dx < -0.1 {
            ("end", lx - 2.0, lx - 2.0 - widest)
        } else {
            ("middle", lx, lx - widest / 2.0)
        };
        let first = if dy < -0.3 {
            ly - 2.0 - (count - 1.0) * RADAR_LINE
        } else if dy > 0.3 {
            ly + RADAR_FONT
        } else {
            ly - (count - 1.0) * RADAR_LINE / 2.0 + RADAR_FONT * 0.35
        };
        placed.push(Label {
            lines,
            anchor,
            x,
            left,
            widest,
            first,
        });
    }
    // Labels of neighbouring spokes can still meet where the spokes are close together
    // and the labels run to three lines: move the later one of each such pair away,
    // down on the lower half of the drawing and up on the upper half.
    let top = |l: &Label| l.first - RADAR_FONT;
    let bottom = |l: &Label| l.first + (l.lines.len() as f64 - 1.0) * RADAR_LINE + RADAR_FONT * 0.3;
    let meets = |a: &Label, b: &Label| {
        a.left < b.left + b.widest
            && b.left < a.left + a.widest
            && top(a) < bottom(b) + 2.0
            && top(b) < bottom(a) + 2.0
    };
    // From the top going clockwise down the right, then anticlockwise down the left, each
    // label is checked against the one above it on its side.
    let right: Vec<usize> = (0..n).filter(|&i| unit[i].0 >= -0.1).collect();
    let left: Vec<usize> = std::iter::once(0)
        .chain((1..n).rev().filter(|&i| unit[i].0 < -0.1))
        .collect();
    for side in [right, left] {
        for pair in side.windows(2) {
            let (above, below) = (pair[0], pair[1]);
            if meets(&placed[above], &placed[below]) {
                let gap = bottom(&placed[above]) + 2.0 - top(&placed[below]);
                if unit[below].1 >= 0.0 {
                    placed[below].first += gap;
                } else {
                    placed[above].first -= gap;
                }
            }
        }
    }
    let mut labels = String::new();
    let (mut min_x, mut max_x, mut min_y, mut max_y) =
        (-radius - 4.0, radius + 4.0, -radius - 4.0, radius + 4.0);
    for (spoke, label) in spokes.iter().zip(&placed) {
        let Label {
            lines,
            anchor,
            x,
            left,
            widest,
            first,
        } = label;
        min_x = min_x.min(*left);
        max_x = max_x.max(left + widest);
        min_y = min_y.min(top(label));
        max_y = max_y.max(bottom(label));
        let _ = write!(
            labels,
            "<text class=\"radar-label\" text-anchor=\"{anchor}\">"
        );
        for (j, line) in lines.iter().enumerate() {
            let _ = write!(
                labels,
                "<tspan x=\"{}\" y=\"{}\">{}",
                Num(*x),
                Num(first + j as f64 * RADAR_LINE),
                escape(line)
            );
            if j + 1 == lines.len() {
                let space = if line.is_empty() { "" } else { " " };
                let _ = write!(
                    labels,
                    "{space}<tspan class=\"radar-level\">{}</tspan>",
                    escape(&spoke.name)
                );
            }
            labels.push_str("</tspan>");
        }
        let _ = write!(
            labels,
            "<title>{}: {}, level {} of {}</title></text>",
            escape(spoke.label),
            escape(&spoke.name),
            spoke.level,
            spoke.range()
        );
    }
    let pad = 6.0;
    let (vx, vy) = (min_x - pad, min_y - pad);
    let (vw, vh) = (max_x - min_x + 2.0 * pad, max_y - min_y + 2.0 * pad);

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"radar\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        Px(vx),
        Px(vy),
        Px(vw),
        Px(vh),
        Px(vw),
        Px(vh),
        escape(title),
        escape(title)
    );
    // Each kind of line is one path, and the dots are zero-length segments drawn with round
    // caps: a radar is drawn on every role page, so its bytes count.
    let outline = |d: &mut String, r: &dyn Fn(usize) -> f64| {
        for i in 0..n {
            let (x, y) = point(i, r(i));
            let _ = write!(d, "{}{},{}", if i == 0 { 'M' } else { 'L' }, Num(x), Num(y));
        }
        d.push('Z');
    };
    let mut inner = String::new();
    for ring in 1..rings {
        outline(&mut inner, &|_| radius * ring as f64 / rings as f64);
    }
    let mut outer = String::new();
    outline(&mut outer, &|_| radius);
    let mut axes = String::new();
    for i in 0..n {
        let (x, y) = point(i, radius);
        let _ = write!(axes, "M0,0L{},{}", Num(x), Num(y));
    }
    let level = |i: usize| radius * spokes[i].step() as f64 / spokes[i].steps() as f64;
    let mut shape = String::new();
    outline(&mut shape, &level);
    let mut dots = String::new();
    for i in 0..n {
        let (x, y) = point(i, level(i));
        let _ = write!(dots, "M{},{}h0", Num(x), Num(y));
    }
    let _ = write!(
        svg,
        "<path class=\"radar-ring\" d=\"{inner}\"/><path class=\"radar-ring radar-ring-outer\" d=\"{outer}\"/><path class=\"radar-axis\" d=\"{axes}\"/><path class=\"radar-shape\" d=\"{shape}\"/><path class=\"radar-dots\" d=\"{dots}\"/>"
    );
    svg.push_str(&labels);
    svg.push_str("</svg>");
    Some(svg)
}

/// Whether every skill sits at the same share of its own scale: a framework whose grades
/// carry the differences asks for every skill at one level, and a chart of that says
/// nothing the list of requirements does not.
fn all_even<'s, 'a: 's>(spokes: impl Iterator<Item = &'s Spoke<'a>>) -> bool {
    let mut first: Option<&Spoke<'_>> = None;
    spokes.into_iter().all(|s| match first {
        None => {
            first = Some(s);
            true
        }
        Some(f) => s.step() * f.steps() == f.step() * s.steps(),
    })
}

/// The most spokes a radar reads well with; a role asking for more gets [`profile_bars`].
pub const RADAR_MAX: usize = 10;

/// Bar profile text: label size, line height, characters per label line, and the columns.
const BAR_FONT: f64 = 12.5;
const BAR_LINE: f64 = 15.0;
const BAR_CHARS: usize = 26;
const BAR_X: f64 = 190.0;
const BAR_W: f64 = 120.0;
const BAR_H: f64 = 10.0;
const BAR_NAME_X: f64 = BAR_X + BAR_W + 8.0;
const BAR_WIDTH: f64 = 440.0;

/// A skill profile of many skills, as bars under the heading of their skill group: a radar
/// of 16 spokes squeezes its labels together, a list of bars reads at any length. `groups`
/// are the group names with their spokes, in the page's order. Each bar is filled to the
/// level's place on the skill's own scale and followed by the level's name. Like
/// [`radar`], nothing is drawn when every skill sits at the same share of its scale.
pub fn profile_bars(groups: &[(&str, Vec<Spoke<'_>>)], title: &str) -> Option<String> {
    let spokes: Vec<&Spoke<'_>> = groups.iter().flat_map(|(_, s)| s).collect();
    if spokes.len() < 3 || all_even(spokes.iter().copied()) {
        return None;
    }
    let mut body = String::new();
    let mut y = 0.0_f64;
    for (group, spokes) in groups {
        if spokes.is_empty() {
            continue;
        }
        y += BAR_LINE + 4.0;
        let _ = write!(
            body,
            "<text class=\"profile-group\" x=\"0\" y=\"{}\">{}</text>",
            Num(y),
            escape(group)
        );
        y += 6.0;
        for spoke in spokes {
            let lines = wrap(spoke.label, BAR_CHARS, 3);
            let top = y + 4.0;
            let height = (lines.len() as f64 - 1.0) * BAR_LINE + BAR_FONT + 4.0;
            let middle = top + height / 2.0;
            let _ = write!(
                body,
                "<g class=\"profile-row\"><title>{}: {}, level {} of {}</title><text class=\"profile-label\">",
                escape(spoke.label),
                escape(&spoke.name),
                spoke.level,
                spoke.range()
            );
            let first = middle - (lines.len() as f64 - 1.0) * BAR_LINE / 2.0 + BAR_FONT * 0.35;
            for (j, line) in lines.iter().enumerate() {
                let _ = write!(
                    body,
                    "<tspan x=\"0\" y=\"{}\">{}</tspan>",
                    Num(first + j as f64 * BAR_LINE),
                    escape(line)
                );
            }
            let filled = BAR_W * spoke.step() as f64 / spoke.steps() as f64;
            let bar_y = middle - BAR_H / 2.0;
            let _ = write!(
                body,
                "</text><rect class=\"profile-track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/><rect class=\"profile-fill\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/><text class=\"profile-level\" x=\"{}\" y=\"{}\">{}</text></g>",
                Num(BAR_X),
                Num(bar_y),
                Num(BAR_W),
                Num(BAR_H),
                Num(BAR_X),
                Num(bar_y),
                Num(filled),
                Num(BAR_H),
                Num(BAR_NAME_X),
                Num(middle + BAR_FONT * 0.35),
                escape(&spoke.name)
            );
            y = top + height;
        }
    }
    let height = y + 6.0;
    // Wide enough for the longest level name (an upper bound of its width, as the radar's).
    let longest = spokes
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    let width = BAR_WIDTH.max(BAR_NAME_X + longest as f64 * RADAR_CHAR_W + 6.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"profile\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\"><title>{}</title>{body}</svg>",
        Px(width),
        Px(height),
        Px(width),
        Px(height),
        escape(title),
        escape(title)
    );
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    /// Level `level` of a skill of four levels, named `L<level>`.
    fn s(label: &str, level: usize) -> Spoke<'_> {
        Spoke {
            label,
            level,
            name: format!("L{level}"),
            first: 1,
            max: 4,
        }
    }

    #[test]
    fn bars_are_drawn_by_group_with_names_escaped_unless_every_skill_is_even() {
        let even = [("G", vec![s("a", 2), s("b", 2), s("c", 2)])];
        assert!(profile_bars(&even, "t").is_none());
        let groups = [
            ("Craft <b>", vec![s("a", 1), s("b", 4)]),
            ("People", vec![s("c & d", 2)]),
        ];
        let svg = profile_bars(&groups, "Profile").unwrap();
        assert_eq!(svg.matches("class=\"profile-group\"").count(), 2);
        assert!(svg.contains(">Craft &lt;b&gt;</text>"));
        assert!(svg.contains("<title>c &amp; d: L2, level 2 of 4</title>"));
        // Level 4 of 4 fills the whole bar, level 1 a quarter of it.
        assert!(svg.contains(&format!("width=\"{}\"", Num(BAR_W))));
        assert!(svg.contains(&format!("width=\"{}\"", Num(BAR_W / 4.0))));
    }

    #[test]
    fn radar_needs_three_spokes_that_differ() {
        assert!(radar(&[s("a", 2), s("b", 3)], "t").is_none());
        // All at the same share of their scale: a regular polygon, not drawn.
        let even = [
            s("a", 2),
            s("b", 2),
            Spoke {
                label: "c",
                level: 1,
                name: "One".to_owned(),
                first: 1,
                max: 2,
            },
            // Level 3 of 2–5 is half way too.
            Spoke {
                label: "d",
                level: 3,
                name: "Three".to_owned(),
                first: 2,
                max: 5,
            },
        ];
        assert!(radar(&even, "t").is_none());
        let svg = radar(&[s("a", 2), s("b", 2), s("<c>", 3)], "Role").unwrap();
        assert!(svg.contains("&lt;c&gt;") && !svg.contains("<c>"));
        // One dot per spoke, each at its level: 2 of 4 is half the radius (50).
        let dots = svg.split("radar-dots\" d=\"").nth(1).unwrap();
        let dots = &dots[..dots.find('"').unwrap()];
        assert_eq!(dots, "M0,-50h0M43.3,25h0M-65,37.5h0");
    }

    #[test]
    fn coordinates_match_formatting_to_one_decimal() {
        // The hand-written digits against the standard formatter, rounding half away from
        // zero as `f64::round` does, and with `-0` as `0`.
        let reference = |x: f64| {
            let tenths = (x * 10.0).round() as i64;
            let text = format!("{:.1}", tenths as f64 / 10.0);
            let text = text.strip_suffix(".0").unwrap_or(&text).to_owned();
            if text == "-0" { "0".to_owned() } else { text }
        };
        let mut x = -1234.56_f64;
        while x < 1234.56 {
            assert_eq!(Num(x).to_string(), reference(x), "{x}");
            x += 0.37;
        }
    }

    #[test]
    fn lengths_print_as_the_formatter_rounds_them() {
        let mut x = -60.0_f64;
        while x < 60.0 {
            assert_eq!(Px(x).to_string(), format!("{x:.0}"), "{x}");
            x += 0.25;
        }
        for x in [0.5, 1.5, 2.5, -0.5, -0.3, -0.0, 1234.5, 99999.4999] {
            assert_eq!(Px(x).to_string(), format!("{x:.0}"), "{x}");
        }
    }

    #[test]
    fn coordinates_are_short() {
        let n = |x: f64| Num(x).to_string();
        assert_eq!(
            [n(0.0), n(-0.04), n(12.0), n(12.34), n(-7.25), n(99.96)],
            ["0", "0", "12", "12.3", "-7.3", "100"]
        );
    }

    #[test]
    fn wraps_titles_into_lines_and_marks_what_is_cut() {
        assert_eq!(
            wrap("Associate software engineer", 19, 2),
            ["Associate software", "engineer"]
        );
        assert_eq!(wrap("Staff engineer", 19, 2), ["Staff engineer"]);
        assert_eq!(
            wrap("Finance for non-financial managers", 15, 2),
            ["Finance for", "non-financial…"]
        );
        assert_eq!(wrap("Supercalifragilistic", 8, 2), ["Superca-", "lifragi…"]);
        assert!(wrap("", 10, 2).is_empty());
        for text in ["a b c d e f g h i j k", "Ünïcödé wörds everywhere", "x"] {
            for line in wrap(text, 6, 2) {
                assert!(line.chars().count() <= 6, "{line:?}");
            }
        }
    }

    #[test]
    fn radar_labels_carry_the_level_and_fit_the_drawing() {
        let spokes: Vec<Spoke<'_>> = [
            "Finance for non-financial managers",
            "Code quality",
            "Coaching and mentoring",
            "A",
            "Operations and reliability",
        ]
        .iter()
        .enumerate()
        .map(|(i, label)| Spoke {
            label,
            level: if i == 3 { 2 } else { 3 },
            name: if i == 3 { "Working" } else { "Practitioner" }.to_owned(),
            first: 1,
            max: 5,
        })
        .collect();
        let svg = radar(&spokes, "Profile").unwrap();
        assert!(
            svg.contains("<tspan class=\"radar-level\">Practitioner</tspan>"),
            "{svg}"
        );
        assert!(!svg.contains("Coaching and mentor…"), "fits on two lines");
        let view: Vec<f64> = svg
            .split("viewBox=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        for x in svg
            .split(" x=\"")
            .skip(1)
            .map(|v| v.split('"').next().unwrap().parse::<f64>().unwrap())
        {
            assert!(
                x >= view[0] && x <= view[0] + view[2],
                "label at x={x} outside {view:?}"
            );
        }
    }

    #[test]
    fn laterals_both_ways_get_two_heads() {
        let checked = crate::check_framework(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/framework"
        )))
        .unwrap();
        let f = &checked.framework;
        let tracks: Vec<TrackId> = (0..f.tracks.len()).map(TrackId).collect();
        let map = progression_map(f, &tracks, "", "t", None);
        assert!(map.contains("marker-start=\"url(#t-arrow-lateral)\""));
        assert!(!map.contains('…'), "every sample title fits its box");
    }

    #[test]
    fn truncates_long_titles_with_an_ellipsis() {
        assert_eq!(
            truncate("Senior staff engineer, platform", 12),
            "Senior staf…"
        );
        assert_eq!(truncate("Short", 12), "Short");
    }
}
