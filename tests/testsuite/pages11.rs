//! Format 1.1 on the built pages of the sample framework: dimensions at their three layers,
//! an "n of these" choice on the role page, in the gaps and in the track's matrix, inline
//! Markdown and cross-links in statements, grade summaries, and a skill whose levels start
//! above 1.

use std::fs;

use crate::harness::{Fixture, repo};
use crate::site::{build, sample_site, visible, words};

fn page(path: &str) -> String {
    fs::read_to_string(sample_site().join(path)).unwrap()
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` on the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn sample() -> trellis::Checked {
    trellis::check_framework(&repo().join("framework")).unwrap()
}

#[test]
fn a_role_page_shows_each_dimension_with_its_three_layers_most_general_first() {
    let checked = sample();
    let f = &checked.framework;
    let staff = f.find_role("staff-engineer").unwrap();
    let html = page("roles/staff-engineer/index.html");
    let section = between(&html, "id=\"dimensions-heading\"", "id=\"next-heading\"");
    let layers = f.dimension_layers(staff);
    assert_eq!(layers.len(), f.dimensions.len(), "every dimension speaks");
    let mut last = 0;
    let mut roles_own = 0;
    for l in &layers {
        let at = section
            .find(&format!("id=\"dimension-{}\"", l.dimension.id))
            .unwrap_or_else(|| panic!("dimension {}", l.dimension.id));
        assert!(at >= last, "{} in weight order", l.dimension.id);
        last = at;
        let own = &section[at..];
        let own = &own[..own.find("</section>").unwrap()];
        let shown = visible(own);
        // Most general first: the grade's words, then the track's, then the role's.
        let mut cursor = 0;
        for (label, texts) in [
            ("Every L5 · Lead", l.grade),
            ("Software engineering at L5", l.track),
            ("This role", l.role),
        ] {
            if texts.is_empty() {
                continue;
            }
            let found = shown[cursor..]
                .find(label)
                .unwrap_or_else(|| panic!("{}: `{label}` after the layer before", l.dimension.id));
            cursor += found;
            for t in texts {
                let at = shown[cursor..]
                    .find(&words(t))
                    .unwrap_or_else(|| panic!("{t} under {label}"));
                assert!(at > 0);
            }
        }
        roles_own += l.role.len();
    }
    assert!(
        roles_own > 0,
        "the sample's staff engineer adds words of its own"
    );
    // Grade and track layers both speak somewhere on the page.
    assert!(
        layers
            .iter()
            .any(|l| !l.grade.is_empty() && !l.track.is_empty())
    );
}

#[test]
fn a_choice_reads_as_alternatives_on_the_page_in_gaps_and_in_the_matrix() {
    let checked = sample();
    let f = &checked.framework;
    let staff = &f[f.find_role("staff-engineer").unwrap()];
    let choice = &staff.choices[0];
    let html = page("roles/staff-engineer/index.html");

    // The role page: the rule in words, then each option with its level's words.
    let section = between(&html, "class=\"choices\"", "id=\"dimensions-heading\"");
    let shown = visible(section);
    assert!(
        shown.contains(&format!(
            "This role asks for one of the {} below, not all of them",
            choice.requirements.len()
        )),
        "{shown}"
    );
    let expects = between(&html, "id=\"expects-heading\"", "class=\"choices\"");
    for q in &choice.requirements {
        let skill = &f[q.skill];
        assert!(
            section.contains(&format!("id=\"req-{}\"", skill.id)),
            "{}",
            skill.id
        );
        assert!(
            !expects.contains(&format!("id=\"req-{}\"", skill.id)),
            "not required outright"
        );
        let level = skill.level(q.level).unwrap();
        for t in level
            .summary
            .iter()
            .chain(&level.signals)
            .chain(&q.expectations)
        {
            assert!(shown.contains(&words(t)), "{t}");
        }
    }

    // The step up from senior: the choice under the skills that change, met by the skill
    // senior has.
    let senior = page("roles/senior-software-engineer/index.html");
    let promotion = between(&senior, "class=\"move move-promotion\"", "</section>");
    let gap_choice = visible(between(promotion, "class=\"gap-choice", "</div>"));
    assert!(
        gap_choice.contains("Staff engineer asks for one of these.")
            && gap_choice.contains("Your role already asks for one of them at the level needed."),
        "{gap_choice}"
    );
    assert!(
        gap_choice.contains("Debugging") && gap_choice.contains("met"),
        "{gap_choice}"
    );
    // An option is not "not required there": the choice lists it.
    let kept = between(promotion, "class=\"gap-kept\"", "class=\"gap-choice");
    assert!(!kept.contains("skills/debugging/"), "{kept}");

    // The step up from staff: senior staff asks outright for what staff offers as options;
    // the card names the option's level and links to its words in the choice above.
    let promotion = between(&html, "class=\"move move-promotion\"", "</section>");
    let mut optional = 0;
    for q in &choice.requirements {
        let skill = &f[q.skill];
        let card = between(
            promotion,
            &format!("<span class=\"next-skill-name\">{}</span>", skill.name),
            "</details>",
        );
        if card.contains("no longer optional") {
            optional += 1;
            let now = format!(
                "Now, if it is your archetype: {}, level {} of 5 · <a href=\"#req-{}\">",
                skill.level_name(q.level),
                q.level,
                skill.id
            );
            assert!(card.contains(&now), "{card}");
            // The climb starts at the option's level: a pathway below it closes nothing, and
            // at the level asked there is nothing left to learn.
            let target = &f[staff.next[0].to];
            let asked = target
                .requirements
                .iter()
                .find(|r| r.skill == q.skill)
                .map_or(0, |r| r.level);
            if q.level >= asked {
                assert!(
                    card.contains("Learning: nothing to learn if it is your archetype"),
                    "{card}"
                );
                assert!(
                    !card.contains("no pathway yet") && !card.contains("pathway-link"),
                    "{card}"
                );
            }
            assert!(
                !(card.contains("says nothing more") && card.contains("Both ask for")),
                "one note: {card}"
            );
        }
    }
    assert!(optional > 0);

    // The track's matrix marks the options in brackets.
    let track = page("tracks/software-engineering/index.html");
    let matrix = between(&track, "class=\"matrix\"", "</table>");
    assert_eq!(
        matrix.matches("cell-option").count(),
        choice.requirements.len()
    );
    assert!(matrix.contains(
        ">(4)<span class=\"visually-hidden\"> of 5, Advanced, one option of a choice</span>"
    ));
}

#[test]
fn statements_keep_their_emphasis_code_and_links() {
    let senior = page("roles/senior-software-engineer/index.html");
    // The grade's impact at L4: `*what*`.
    assert!(senior.contains("in <em>what</em> it delivers"), "emphasis");
    let staff = page("roles/staff-engineer/index.html");
    // The role's own impact: `` `revert` ``.
    assert!(staff.contains("fewer <code>revert</code> commits"), "code");
    // A signal of Testing links to a free page, at its heading.
    assert!(
        staff.contains(
            "<a href=\"../../pages/promotions/#md-what-changes-from-l5\" rel=\"noopener noreferrer\">a promotion case at L5</a>"
        ),
        "link to the page"
    );
    // The same signal on the skill page resolves from there.
    let testing = page("skills/testing/index.html");
    assert!(testing.contains("href=\"../../pages/promotions/#md-what-changes-from-l5\""));
    // A summary with Markdown reads as plain text where it is a link's caption.
    let track = page("tracks/software-engineering/index.html");
    assert!(!track.contains("*between*"));
    assert!(staff.contains("class=\"grade-summary\">Works <em>between</em> teams"));
}

#[test]
fn the_next_step_shows_each_dimension_whose_words_change() {
    let checked = sample();
    let f = &checked.framework;
    let senior = f.find_role("senior-software-engineer").unwrap();
    let staff = f.find_role("staff-engineer").unwrap();
    let html = page("roles/senior-software-engineer/index.html");
    let promotion = between(
        &html,
        "class=\"move move-promotion\"",
        "id=\"nearby-heading\"",
    );
    let (before, after) = (f.dimension_layers(senior), f.dimension_layers(staff));
    let mut changed = 0;
    for (b, a) in before.iter().zip(&after) {
        let (now, next): (Vec<&String>, Vec<&String>) =
            (b.statements().collect(), a.statements().collect());
        let step = promotion
            .split("<details class=\"next-skill next-dimension\"")
            .skip(1)
            .find(|d| d.contains(&format!(">{}</span>", a.dimension.name)));
        if now == next {
            assert!(step.is_none(), "{} does not change", a.dimension.id);
            continue;
        }
        changed += 1;
        let step = step.unwrap_or_else(|| panic!("a step for {}", a.dimension.id));
        let step = &step[..step.find("</details>").unwrap()];
        let shown = visible(step);
        for t in &next {
            assert!(shown.contains(&words(t)), "{t}");
            if !now.contains(t) {
                assert!(
                    step.contains(&format!(
                        "<span class=\"new-mark\">new</span> {}",
                        trellis::render::markdown::inline(t, None)
                    )) || step.contains("(all new)"),
                    "{t} marked new"
                );
            }
        }
        assert!(step.contains(" open>"), "a promotion's steps are unfolded");
    }
    assert!(changed > 0);
}

#[test]
fn a_skill_that_starts_above_one_shows_its_own_range() {
    let f = Fixture::minimal();
    f.write(
        "skills/craft/mentoring.md",
        "+++\nname = \"Mentoring\"\nfirst_level = 2\n[[levels]]\nname = \"Guides\"\nsummary = \"Guides one person.\"\n[[levels]]\nname = \"Coaches\"\nsummary = \"Coaches several.\"\n[[levels]]\nname = \"Builds coaches\"\nsummary = \"Teaches others to coach.\"\n+++\n",
    )
    .edit("roles/eng/senior.md", "[skills]", "[skills]\nmentoring = \"Coaches\"");
    let out = f.path().join("public");
    build(f.path(), &out, None).unwrap();
    let role = fs::read_to_string(out.join("roles/senior/index.html")).unwrap();
    let card = between(&role, "id=\"req-mentoring\"", "</li>");
    assert!(
        visible(card).contains("Coaches level 3 of 2–4"),
        "{}",
        visible(card)
    );
    // The radar places it on its own scale and names it.
    assert!(role.contains("<title>Mentoring: Coaches, level 3 of 2–4</title>"));
    assert!(!role.contains("3/4"), "no ratios");
    let skill = fs::read_to_string(out.join("skills/mentoring/index.html")).unwrap();
    assert!(skill.contains("id=\"level-2\"") && skill.contains("id=\"level-4\""));
    assert!(!skill.contains("id=\"level-1\""));
    assert!(visible(&skill).contains("Coaches level 3 of 2–4"));
}

/// Up to ten skills the profile is a radar; beyond, bars under their skill groups, in the
/// order of the requirements list, each titled with its level on the skill's own scale.
#[test]
fn a_role_of_many_skills_gets_bars_by_group_and_a_few_skills_a_radar() {
    let site = sample_site();
    let staff = fs::read_to_string(site.join("roles/staff-engineer/index.html")).unwrap();
    assert!(staff.contains("<svg class=\"radar\""), "8 skills: a radar");
    assert!(!staff.contains("<svg class=\"profile\""));

    let senior =
        fs::read_to_string(site.join("roles/senior-software-engineer/index.html")).unwrap();
    assert!(
        !senior.contains("<svg class=\"radar\""),
        "11 skills: no radar"
    );
    let svg = senior
        .split("<svg class=\"profile\"")
        .nth(1)
        .expect("a bar profile")
        .split("</svg>")
        .next()
        .unwrap();
    let groups: Vec<&str> = svg
        .split("<text class=\"profile-group\"")
        .skip(1)
        .map(|t| t.split('>').nth(1).unwrap().trim_end_matches("</text"))
        .collect();
    // The groups in the order the requirements list shows them.
    let listed: Vec<&str> = senior
        .split("<h3 id=\"group-")
        .skip(1)
        .map(|t| {
            let name = t.split("</a>").next().unwrap();
            name.rsplit('>').next().unwrap()
        })
        .collect();
    assert!(!groups.is_empty());
    assert_eq!(groups, listed);
    let rows = svg.matches("<g class=\"profile-row\">").count();
    assert_eq!(rows, 11);
    assert!(
        svg.contains("<title>Code quality: Advanced, level 4 of 5</title>"),
        "{svg}"
    );
    assert!(senior.contains("each bar is one skill"));
}
