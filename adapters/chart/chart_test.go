package chart_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"github.com/interviewbot/interviewbot/adapters/chart"
	"github.com/interviewbot/interviewbot/bot"
)

var writePNG = flag.String("png", "", "also write the fixed board's chart to this file, to look at it")

// fixedBoard is a week with ties, a zero-point member, a long name and names
// the faces cannot draw (one with a drawable user id, one without).
func fixedBoard() *bot.Leaderboard {
	e := func(rank int, name, user string, points, answers, streak int) bot.LeaderboardEntry {
		return bot.LeaderboardEntry{Rank: rank, Member: bot.Member{Name: name, Key: bot.MemberKey{Platform: "slack", Workspace: "T1", UserID: user}},
			Points: points, Answers: answers, Streak: streak}
	}
	return &bot.Leaderboard{Period: bot.PeriodWeek, Entries: []bot.LeaderboardEntry{
		e(1, "Ann Lee", "U1", 100, 5, 12),
		e(2, "Zoë Müller", "U2", 80, 4, 4),
		e(2, "王小明", "wangxiaoming", 80, 5, 0),
		e(4, "Bob", "U4", 57, 3, 3),
		e(5, "Cid with a really very long display name indeed", "U5", 40, 2, 1),
		e(6, "🙂", "用户", 33, 2, 2),
		e(7, "Dee", "U7", 20, 1, 1),
		e(8, "Eve", "U8", 11, 1, 0),
		e(9, "Fay", "U9", 10, 1, 1),
		e(10, "Gus", "U10", 0, 1, 0),
		e(11, "Hal", "U11", 0, 1, 0),
	}}
}

// goldenSHA256 pins the bytes of the fixed board's chart. Change it only
// after looking at the new picture (go test ./adapters/chart -png /tmp/lb.png).
// The pixels depend on this package alone; the bytes also on image/png and
// compress/flate, whose output Go does not promise across releases, so a Go
// upgrade may need a new hash (after a look at the picture).
const goldenSHA256 = "d216c80327654a9f82b01d05230bfbc2966cd6f69eccc75d0c5caeab1e75e4e9"

func TestRender(t *testing.T) {
	lb := fixedBoard()
	b, err := chart.Render(lb, "Leaderboard - week of 2026-11-16")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if *writePNG != "" {
		if err := os.WriteFile(*writePNG, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the chart does not decode as PNG: %v", err)
	}
	if got, want := img.Bounds().Size(), image.Pt(chart.Width, chart.Height(10)); got != want {
		t.Errorf("size %v, want %v (ten rows of eleven entries)", got, want)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != goldenSHA256 {
		t.Errorf("chart bytes changed: sha256 %s, want %s", got, goldenSHA256)
	}
	again, err := chart.Render(fixedBoard(), "Leaderboard - week of 2026-11-16")
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("a second Render of the same board gave different bytes (err %v)", err)
	}

	t.Run("bars proportional to points", func(t *testing.T) {
		for i, e := range lb.Entries[:chart.MaxRows] {
			got := barPixels(img, i)
			want := e.Points * chart.BarMax / 100
			if got != want {
				t.Errorf("row %d (%d points): bar %d px, want %d", i, e.Points, got, want)
			}
		}
		if a, b := barPixels(img, 1), barPixels(img, 2); a != b {
			t.Errorf("tied rows have bars of %d and %d px", a, b)
		}
	})
}

// barPixels measures the bar of row i: the run of non-background pixels
// from BarX along the row's middle line, which the label never reaches.
func barPixels(img image.Image, i int) int {
	y := chart.HeaderH + i*chart.RowHeight + chart.RowHeight/2
	white := color.RGBAModel.Convert(color.White)
	n := 0
	for x := chart.BarX; x < chart.Width; x++ {
		if color.RGBAModel.Convert(img.At(x, y)) == white {
			break
		}
		n++
	}
	// The points label starts 8 px after the bar; a zero bar starts with it.
	return n
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name, user string
		want       string
	}{
		{"Ann", "U1", "Ann"},
		{"Zoë Müller", "U2", "Zoë Müller"},
		{"王小明", "wangxiaoming", "wangxiaoming"},
		{"🙂", "用户", "member #3"},
		{"", "U9", "U9"},
		{"bell\a", "", "member #3"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.name), func(t *testing.T) {
			e := bot.LeaderboardEntry{Member: bot.Member{Name: tt.name, Key: bot.MemberKey{UserID: tt.user}}}
			if got := chart.Label(e, 3); got != tt.want {
				t.Errorf("Label = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderEmptyAndTitles(t *testing.T) {
	b, err := chart.Render(&bot.Leaderboard{}, "排行榜")
	if err != nil {
		t.Fatalf("Render(empty): %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("empty chart does not decode: %v", err)
	}
	if got, want := img.Bounds().Dy(), chart.Height(0); got != want {
		t.Errorf("empty chart height %d, want %d", got, want)
	}
	plain, err := chart.Render(&bot.Leaderboard{}, "Leaderboard")
	if err != nil || !bytes.Equal(plain, b) {
		t.Errorf("an undrawable title should fall back to \"Leaderboard\" (err %v)", err)
	}
	if _, err := chart.Render(nil, "x"); err == nil {
		t.Error("Render(nil) succeeded")
	}
}
