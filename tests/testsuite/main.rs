//! Integration tests: real frameworks, each rule, each class of bad input, the command line,
//! a property test that feeds the loader garbage, the built site in a real browser, how much
//! of the framework's text the pages show, the self-assessment's data, frameworks imported
//! from spreadsheets, and the governance commands (diff over real git repositories, owners,
//! init, schema).

mod assess;
mod bad_input;
mod browser;
mod cli;
mod compare;
mod diff;
mod editions;
mod fidelity;
mod format11;
mod free_pages;
mod fuzz;
mod harness;
mod import;
mod init;
mod owners;
mod pages11;
mod real_frameworks;
mod rules;
mod schema;
mod serve;
mod site;
mod snapshots;
