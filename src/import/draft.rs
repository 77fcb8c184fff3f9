//! The framework a sheet describes, before it is written as files: the intermediate stage
//! between cells and TOML. [`super::reader::read`] builds it from the rows; [`super::write`]
//! writes it.

/// A whole framework read from a sheet, with ids, ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// `title` of `trellis.toml`.
    pub title: String,
    /// `description` of `trellis.toml`.
    pub description: Option<String>,
    /// The proficiency scale, lowest first.
    pub scale: Vec<String>,
    /// The grade axis, lowest first.
    pub grades: Vec<DraftGrade>,
    /// Tracks, in the order the sheet first names them.
    pub tracks: Vec<DraftTrack>,
    /// Skill groups.
    pub groups: Vec<DraftGroup>,
    /// Skills.
    pub skills: Vec<DraftSkill>,
    /// Roles.
    pub roles: Vec<DraftRole>,
}

/// One grade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftGrade {
    /// Id, e.g. `L3`.
    pub id: String,
    /// Name, e.g. `Senior`.
    pub name: String,
}

/// One track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftTrack {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Markdown from the track description column.
    pub body: String,
    /// `family`, from the track family column.
    pub family: Option<String>,
    /// `kind`, from the track kind column.
    pub kind: Option<String>,
    /// `owners`, from the track owners column.
    pub owners: Vec<String>,
}

/// One skill group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftGroup {
    /// Id (the folder name).
    pub id: String,
    /// Name.
    pub name: String,
}

/// One skill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSkill {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index into [`Draft::groups`].
    pub group: usize,
    /// Markdown from the skill description column.
    pub body: String,
    /// The skill's own level names, lowest first, from the levels sheet or a scale cell;
    /// `None` when it has the levels of [`Draft::scale`].
    pub level_names: Option<Vec<String>>,
    /// The descriptor of each of its levels, where the sheet gives one.
    pub levels: Vec<Option<DraftLevel>>,
}

/// What a skill looks like at one level, from a level description cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftLevel {
    /// The cell's prose, as one line.
    pub summary: Option<String>,
    /// The cell's list items.
    pub signals: Vec<String>,
}

/// One role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRole {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Draft::tracks`].
    pub track: usize,
    /// Index into [`Draft::grades`].
    pub grade: usize,
    /// One line.
    pub summary: Option<String>,
    /// Other titles, from the role aliases column.
    pub aliases: Vec<String>,
    /// Markdown from the role description column.
    pub body: String,
    /// Skill requirements, in the order the sheet gives them.
    pub requirements: Vec<DraftRequirement>,
}

/// A level a role requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRequirement {
    /// Index into [`Draft::skills`].
    pub skill: usize,
    /// 1-based level of the scale.
    pub level: usize,
    /// Statements specific to the role.
    pub expectations: Vec<String>,
}
