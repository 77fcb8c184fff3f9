//! Progression maps and radar charts, drawn as SVG at build time so that reading them needs
//! no JavaScript. Colours come from the theme's CSS classes, so dark mode and print apply.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Framework, GradeId, RoleId, TrackId};

const BOX_W: f64 = 168.0;
const BOX_H: f64 = 46.0;
const GAP_X: f64 = 14.0;
const ROW_H: f64 = 78.0;
const LEFT: f64 = 96.0;
const HEADER: f64 = 62.0;

/// Escapes text for SVG (XML) content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A map of `tracks` on the shared grade axis: one column per track (grouped under their
/// family), one row per grade with the most senior at the top, a box per role linking to
/// its page, solid arrows for promotions and dashed ones for lateral moves.
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
        let width = widest as f64 * (BOX_W + GAP_X);
        columns.push((t, x, width));
        x += width + GAP_X;
    }
    let width = x + 8.0;
    let height = HEADER + rows as f64 * ROW_H + 12.0;

    let mut position: BTreeMap<RoleId, (f64, f64)> = BTreeMap::new();
    for &(t, x0, _) in &columns {
        for (&(track, grade), list) in cells.range((t, GradeId(0))..=(t, GradeId(usize::MAX))) {
            debug_assert_eq!(track, t);
            let row = max_grade.0 - grade.0;
            let y = HEADER + row as f64 * ROW_H + (ROW_H - BOX_H) / 2.0;
            for (i, r) in list.iter().enumerate() {
                position.insert(*r, (x0 + i as f64 * (BOX_W + GAP_X), y));
            }
        }
    }

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"group\" aria-label=\"Progression map: tracks side by side on the shared grades\">"
    );
    let _ = write!(
        svg,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"map-arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>"
    );
    // Grade bands and labels.
    for row in 0..rows {
        let grade = &framework.grades[max_grade.0 - row];
        let y = HEADER + row as f64 * ROW_H;
        let band = if row % 2 == 0 {
            "map-band"
        } else {
            "map-band map-band-alt"
        };
        let _ = write!(
            svg,
            "<rect class=\"{band}\" x=\"0\" y=\"{y:.0}\" width=\"{width:.0}\" height=\"{ROW_H:.0}\"/><text class=\"map-grade\" x=\"10\" y=\"{:.0}\">{}</text><text class=\"map-grade-name\" x=\"10\" y=\"{:.0}\">{}</text>",
            y + ROW_H / 2.0 - 2.0,
            escape(&grade.id),
            y + ROW_H / 2.0 + 14.0,
            escape(&truncate(&grade.name, 12)),
        );
    }
    // Family and track headers.
    let mut family_spans: Vec<(String, f64, f64)> = Vec::new();
    for &(t, x0, w) in &columns {
        let family = framework[t].family.clone().unwrap_or_default();
        match family_spans.last_mut() {
            Some((name, _, end)) if *name == family => *end = x0 + w,
            _ => family_spans.push((family, x0, x0 + w)),
        }
        let name = truncate(&framework[t].name, ((w / 7.5) as usize).max(8));
        let _ = write!(
            svg,
            "<a href=\"{root}tracks/{}/\"><text class=\"map-track\" x=\"{:.0}\" y=\"{:.0}\">{}<title>{}</title></text></a>",
            escape(&framework[t].id),
            x0 + 2.0,
            HEADER - 12.0,
            escape(&name),
            escape(&framework[t].name),
        );
    }
    for (family, x0, x1) in &family_spans {
        if family.is_empty() {
            continue;
        }
        let _ = write!(
            svg,
            "<line class=\"map-family-rule\" x1=\"{x0:.0}\" x2=\"{:.0}\" y1=\"24\" y2=\"24\"/><text class=\"map-family\" x=\"{x0:.0}\" y=\"18\">{}</text>",
            x1 - GAP_X,
            escape(&truncate(family, (((x1 - x0) / 7.0) as usize).max(6))),
        );
    }
    // Edges under the boxes.
    for &r in &roles {
        let Some(&(x0, y0)) = position.get(&r) else {
            continue;
        };
        for m in &framework[r].next {
            if let Some(&(x1, y1)) = position.get(&m.to) {
                let path = if (x0 - x1).abs() < 1.0 && y1 < y0 {
                    format!(
                        "M{:.0},{:.0} L{:.0},{:.0}",
                        x0 + BOX_W / 2.0,
                        y0,
                        x1 + BOX_W / 2.0,
                        y1 + BOX_H + 1.0
                    )
                } else {
                    let (sx, sy) = (x0 + BOX_W / 2.0, y0);
                    let (tx, ty) = (x1 + BOX_W / 2.0, y1 + BOX_H + 1.0);
                    format!(
                        "M{sx:.0},{sy:.0} C{sx:.0},{:.0} {tx:.0},{:.0} {tx:.0},{ty:.0}",
                        sy - 24.0,
                        ty + 24.0
                    )
                };
                let _ = write!(
                    svg,
                    "<path class=\"map-promotion\" d=\"{path}\" marker-end=\"url(#{id}-arrow)\"/>"
                );
            }
        }
        for m in &framework[r].lateral {
            // Drawn once per pair, from the role listed first.
            if m.to < r && framework[m.to].lateral.iter().any(|back| back.to == r) {
                continue;
            }
            if let Some(&(x1, y1)) = position.get(&m.to) {
                let (sx, tx) = if x1 > x0 {
                    (x0 + BOX_W, x1)
                } else {
                    (x0, x1 + BOX_W)
                };
                let (sy, ty) = (y0 + BOX_H / 2.0, y1 + BOX_H / 2.0);
                let mid = (sx + tx) / 2.0;
                let _ = write!(
                    svg,
                    "<path class=\"map-lateral\" d=\"M{sx:.0},{sy:.0} C{mid:.0},{sy:.0} {mid:.0},{ty:.0} {tx:.0},{ty:.0}\" marker-end=\"url(#{id}-arrow)\"/>"
                );
            }
        }
    }
    // Role boxes, each a link.
    for &r in &roles {
        let role = &framework[r];
        let (x0, y0) = position[&r];
        let class = if Some(r) == highlight {
            "map-role map-role-current"
        } else {
            "map-role"
        };
        let _ = write!(
            svg,
            "<a class=\"{class}\" href=\"{root}roles/{}/\"><title>{} ({})</title><rect x=\"{x0:.0}\" y=\"{y0:.0}\" width=\"{BOX_W:.0}\" height=\"{BOX_H:.0}\" rx=\"8\"/><text x=\"{:.0}\" y=\"{:.0}\">{}</text></a>",
            escape(&role.id),
            escape(&role.title),
            escape(&framework.grades[role.grade.0].name),
            x0 + 10.0,
            y0 + BOX_H / 2.0 + 5.0,
            escape(&truncate(&role.title, 22)),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One spoke of a radar chart.
pub struct Spoke<'a> {
    /// Skill name.
    pub label: &'a str,
    /// Required level, 1-based.
    pub level: usize,
    /// The skill's number of levels.
    pub max: usize,
}

/// A radar chart of a role's requirements, each spoke scaled to its skill's own number of
/// levels. `None` for fewer than three skills, where a radar says nothing a list does not.
pub fn radar(spokes: &[Spoke<'_>], title: &str) -> Option<String> {
    let n = spokes.len();
    if n < 3 {
        return None;
    }
    // Wide enough for labels on both sides of the widest spokes.
    let size = 560.0_f64;
    let center = size / 2.0;
    let radius = 150.0;
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    let point = |i: usize, r: f64| (center + r * angle(i).cos(), center + r * angle(i).sin());
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"radar\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size:.0} {size:.0}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for ring in 1..=4 {
        let r = radius * ring as f64 / 4.0;
        let points: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = point(i, r);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            svg,
            "<polygon class=\"radar-ring\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    for (i, spoke) in spokes.iter().enumerate() {
        let (x, y) = point(i, radius);
        let _ = write!(
            svg,
            "<line class=\"radar-axis\" x1=\"{center:.0}\" y1=\"{center:.0}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/>"
        );
        let (lx, ly) = point(i, radius + 16.0);
        let anchor = if (lx - center).abs() < 8.0 {
            "middle"
        } else if lx > center {
            "start"
        } else {
            "end"
        };
        let _ = write!(
            svg,
            "<text class=\"radar-label\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}<title>{}: {} of {}</title></text>",
            ly + 4.0,
            escape(&truncate(spoke.label, 20)),
            escape(spoke.label),
            spoke.level,
            spoke.max
        );
    }
    let points: Vec<String> = spokes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = point(i, radius * s.level as f64 / s.max.max(1) as f64);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(
        svg,
        "<polygon class=\"radar-shape\" points=\"{}\"/>",
        points.join(" ")
    );
    for p in &points {
        let (x, y) = p.split_once(',').expect("x,y");
        let _ = write!(
            svg,
            "<circle class=\"radar-dot\" cx=\"{x}\" cy=\"{y}\" r=\"3.5\"/>"
        );
    }
    svg.push_str("</svg>");
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

    #[test]
    fn radar_needs_three_spokes() {
        let s = |label| Spoke {
            label,
            level: 2,
            max: 4,
        };
        assert!(radar(&[s("a"), s("b")], "t").is_none());
        let svg = radar(&[s("a"), s("b"), s("<c>")], "Role").unwrap();
        assert!(svg.contains("&lt;c&gt;") && !svg.contains("<c>"));
        assert_eq!(svg.matches("radar-dot").count(), 3);
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
