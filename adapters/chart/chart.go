// Package chart draws a leaderboard as a PNG, for platforms that show
// images beside the text (Slack). It uses the standard library's image
// packages and the Inconsolata 8x16 bitmap faces from golang.org/x/image:
// no font files to ship, no cgo, and the same bytes for the same board on
// every machine, so a golden hash can pin the output.
//
// The faces cover ASCII, Latin-1 and part of Latin Extended-A. A name with
// any character outside them (Chinese, Cyrillic, emoji) is not drawn half
// as boxes: the line falls back to the member's platform user id when that
// is drawable, else to "member #<rank>". The text message beside the chart
// always carries the real names.
package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/font/inconsolata"
	"golang.org/x/image/math/fixed"

	"github.com/interviewbot/interviewbot/bot"
)

// Geometry of the chart, in pixels. Bars start at BarX; the leader's bar is
// BarMax long and every other bar is its points' share of that, rounded down.
const (
	Width     = 800
	RowHeight = 44
	HeaderH   = 60
	FooterH   = 12
	BarX      = 296
	BarMax    = 380
	BarHeight = 24
	// MaxRows is how many entries a chart shows: the posted top ten.
	MaxRows = bot.LeaderboardSize
)

var (
	regular = inconsolata.Regular8x16
	bold    = inconsolata.Bold8x16

	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x1d, 0x1c, 0x1d, 0xff}
	muted      = color.RGBA{0x61, 0x60, 0x61, 0xff}
	rule       = color.RGBA{0xe8, 0xe8, 0xe8, 0xff}
	// Gold, silver and bronze for the podium, then one blue.
	barColors = []color.RGBA{{0xd4, 0xa0, 0x17, 0xff}, {0x8a, 0x95, 0x9e, 0xff}, {0xb0, 0x6a, 0x2c, 0xff}}
	barColor  = color.RGBA{0x36, 0x7f, 0xc8, 0xff}
)

// Height is the height of a chart with n entries (an empty board has room
// for one line saying so).
func Height(n int) int {
	return HeaderH + max(1, min(n, MaxRows))*RowHeight + FooterH
}

// BarLength is the length of the bar for points when the leader has most.
func BarLength(points, most int) int {
	if most <= 0 || points <= 0 {
		return 0
	}
	return min(points, most) * BarMax / most
}

// Render draws the top MaxRows entries of lb under title: rank, name,
// answers and streak on the left, a bar as long as the points on the right.
// A title the faces cannot draw becomes "Leaderboard".
func Render(lb *bot.Leaderboard, title string) ([]byte, error) {
	if lb == nil {
		return nil, fmt.Errorf("chart: no leaderboard")
	}
	entries := lb.Entries[:min(len(lb.Entries), MaxRows)]
	img := image.NewRGBA(image.Rect(0, 0, Width, Height(len(entries))))
	draw.Draw(img, img.Bounds(), image.NewUniform(background), image.Point{}, draw.Src)
	if !drawable(title) || strings.TrimSpace(title) == "" {
		title = "Leaderboard"
	}
	drawText(img, bold, 16, 14, clip(title, (Width-32)/16), ink, 2)
	fill(img, image.Rect(16, HeaderH-6, Width-16, HeaderH-4), rule)
	if len(entries) == 0 {
		drawText(img, regular, 16, HeaderH+12, "No answers in this period yet.", muted, 1)
		return encode(img)
	}
	most := 0
	for _, e := range entries {
		most = max(most, e.Points)
	}
	for i, e := range entries {
		drawRow(img, HeaderH+i*RowHeight, i, e, most)
	}
	return encode(img)
}

// drawRow draws one entry in the row starting at y.
func drawRow(img *image.RGBA, y, i int, e bot.LeaderboardEntry, most int) {
	rank := e.Rank
	if rank == 0 {
		rank = i + 1
	}
	drawText(img, bold, 16, y+4, fmt.Sprintf("#%d", rank), ink, 1)
	drawText(img, bold, 64, y+4, clip(Label(e, rank), (BarX-64-16)/8), ink, 1)
	stats := fmt.Sprintf("%d answers", e.Answers)
	if e.Answers == 1 {
		stats = "1 answer"
	}
	if e.Streak > 0 {
		stats += fmt.Sprintf(", streak %d", e.Streak)
	}
	drawText(img, regular, 64, y+22, stats, muted, 1)
	c := barColor
	if rank <= len(barColors) {
		c = barColors[rank-1]
	}
	n := BarLength(e.Points, most)
	top := y + (RowHeight-BarHeight)/2
	fill(img, image.Rect(BarX, top, BarX+n, top+BarHeight), c)
	drawText(img, bold, BarX+n+8, top+4, fmt.Sprintf("%d pts", e.Points), ink, 1)
}

// Label is the name a chart shows for e: the member's name when the faces
// can draw all of it, else their platform user id when they can draw that,
// else "member #rank".
func Label(e bot.LeaderboardEntry, rank int) string {
	if n := strings.TrimSpace(e.Member.Name); n != "" && drawable(n) {
		return n
	}
	if id := e.Member.Key.UserID; id != "" && drawable(id) {
		return id
	}
	return fmt.Sprintf("member #%d", rank)
}

// drawable reports whether every rune of s has a glyph in both faces and is
// not a control character.
func drawable(s string) bool {
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return false
		}
		if _, ok := regular.GlyphAdvance(r); !ok {
			return false
		}
		if _, ok := bold.GlyphAdvance(r); !ok {
			return false
		}
	}
	return true
}

// clip shortens s to n characters, ending in "..." when it cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:max(0, n-3)]) + "..."
}

// drawText draws s with its top-left corner at (x, y), each font pixel
// scale x scale screen pixels, blended by the face's own coverage. Integer
// arithmetic throughout, so the pixels are the same everywhere.
func drawText(dst *image.RGBA, face *basicfont.Face, x, y int, s string, c color.RGBA, scale int) {
	w := font.MeasureString(face, s).Ceil()
	h := face.Ascent + face.Descent
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face, Dot: fixed.P(0, face.Ascent)}
	d.DrawString(s)
	src := image.NewUniform(c)
	for my := range h {
		for mx := range w {
			a := mask.AlphaAt(mx, my)
			if a.A == 0 {
				continue
			}
			r := image.Rect(x+mx*scale, y+my*scale, x+(mx+1)*scale, y+(my+1)*scale)
			draw.DrawMask(dst, r, src, image.Point{}, image.NewUniform(a), image.Point{}, draw.Over)
		}
	}
}

func fill(dst *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(dst, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func encode(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return b.Bytes(), nil
}
