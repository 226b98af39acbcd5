// Package bot is the core of interviewbot: the domain types (questions, rubrics,
// answers, grades, members, mock sessions, reports), the rules that act on them,
// and the small interfaces the core needs from the outside world (Store, Grader,
// Messenger). It imports the standard library only; adapters, grading and
// storage implement its interfaces, so dependencies always point inward.
package bot
