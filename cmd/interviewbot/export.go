package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// runExport writes the answer history, everyone's or one member's, as CSV
// or JSON on stdout: what an operator hands a person who asks what the bot
// stores about them, or a team that wants its data out.
func runExport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "csv", "csv or json")
	member := fs.String("member", "", "only this member, as PLATFORM:WORKSPACE:USER (e.g. slack:T123:U456)")
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 0 {
		return bot.Errorf(bot.EINVALID, "unexpected argument %q (see interviewbot export -h)", fs.Arg(0))
	}
	if *format != "csv" && *format != "json" {
		return bot.Errorf(bot.EINVALID, "--format %q: use csv or json", *format)
	}
	var key *bot.MemberKey
	if *member != "" {
		k, err := parseMemberKey(*member)
		if err != nil {
			return err
		}
		key = &k
	}
	admin, closeStore, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer closeStore()
	rows, err := admin.ExportHistory(ctx, key)
	if err != nil {
		return userError(err)
	}
	if *format == "json" {
		return writeHistoryJSON(env.Stdout, rows)
	}
	return writeHistoryCSV(env.Stdout, rows)
}

// openAdmin opens the configured store for the admin commands.
func openAdmin(ctx context.Context, env *Env) (bot.AdminStore, func(), error) {
	cfg, err := loadConfig(env)
	if err != nil {
		return nil, nil, userError(err)
	}
	st, err := openStore(ctx, cfg, newLogger(env.Stderr, cfg.LogLevel), nil)
	if err != nil {
		return nil, nil, userError(dbError(err))
	}
	admin, ok := st.(bot.AdminStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("store %T has no admin operations", st)
	}
	return admin, func() { st.Close() }, nil
}

// parseMemberKey reads PLATFORM:WORKSPACE:USER; the user id may itself
// contain colons.
func parseMemberKey(s string) (bot.MemberKey, error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return bot.MemberKey{}, bot.Errorf(bot.EINVALID, "%q is not PLATFORM:WORKSPACE:USER (e.g. slack:T123:U456 or terminal:local:ada)", s)
	}
	switch parts[0] {
	case bot.PlatformSlack, bot.PlatformWeCom, bot.PlatformTerminal:
	default:
		return bot.MemberKey{}, bot.Errorf(bot.EINVALID, "unknown platform %q: use slack, wecom or terminal", parts[0])
	}
	return bot.MemberKey{Platform: parts[0], Workspace: parts[1], UserID: parts[2]}, nil
}

var historyHeader = []string{"platform", "workspace", "user", "name", "answer_id", "source", "question_id",
	"post_id", "session_id", "created_at", "lang", "withdrawn", "graded", "score", "stars", "grader", "points", "text"}

func writeHistoryCSV(w io.Writer, rows []bot.HistoryRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(historyHeader); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Member.Platform, r.Member.Workspace, r.Member.UserID, r.MemberName,
			strconv.FormatInt(r.AnswerID, 10), r.Source, r.QuestionID, strconv.FormatInt(r.PostID, 10),
			strconv.FormatInt(r.SessionID, 10), r.CreatedAt.UTC().Format(time.RFC3339), string(r.Lang),
			strconv.FormatBool(r.Withdrawn), strconv.FormatBool(r.Graded), "", "", r.Grader, strconv.Itoa(r.Points), r.Text}
		if r.Graded {
			rec[13], rec[14] = strconv.Itoa(r.Score), strconv.Itoa(r.Stars)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// historyJSON is one exported answer; a score is null until graded.
type historyJSON struct {
	Platform   string    `json:"platform"`
	Workspace  string    `json:"workspace"`
	User       string    `json:"user"`
	Name       string    `json:"name,omitempty"`
	AnswerID   int64     `json:"answer_id"`
	Source     string    `json:"source"`
	QuestionID string    `json:"question_id"`
	PostID     int64     `json:"post_id,omitempty"`
	SessionID  int64     `json:"session_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Lang       string    `json:"lang,omitempty"`
	Withdrawn  bool      `json:"withdrawn"`
	Score      *int      `json:"score"`
	Stars      *int      `json:"stars"`
	Grader     string    `json:"grader,omitempty"`
	Points     int       `json:"points"`
	Text       string    `json:"text"`
}

func writeHistoryJSON(w io.Writer, rows []bot.HistoryRow) error {
	out := make([]historyJSON, 0, len(rows))
	for _, r := range rows {
		h := historyJSON{Platform: r.Member.Platform, Workspace: r.Member.Workspace, User: r.Member.UserID, Name: r.MemberName,
			AnswerID: r.AnswerID, Source: r.Source, QuestionID: r.QuestionID, PostID: r.PostID, SessionID: r.SessionID,
			CreatedAt: r.CreatedAt.UTC(), Lang: string(r.Lang), Withdrawn: r.Withdrawn, Grader: r.Grader, Points: r.Points, Text: r.Text}
		if r.Graded {
			score, stars := r.Score, r.Stars
			h.Score, h.Stars = &score, &stars
		}
		out = append(out, h)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
