package llm

import (
	"strings"
	"unicode"
)

// hiddenText removes the characters that change what a model reads without
// changing what a person sees, and reports whether any were there:
//   - Unicode tag characters (U+E0000-U+E007F), which spell invisible ASCII
//     that some models read as text; their hidden message is returned so the
//     detectors can look at it;
//   - bidi embeddings, overrides and isolates, which reorder what is shown
//     ("Trojan Source");
//   - zero-width and invisible characters that split words so a pattern
//     does not match ("ig\u200bnore").
//
// A byte order mark at the start, a zero-width joiner inside an emoji
// sequence and a soft hyphen are removed without counting as hidden: they
// come from ordinary copy and paste.
func hiddenText(s string) (visible, tags string, found bool) {
	var b, t strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r >= 0xE0000 && r <= 0xE007F:
			found = true
			if r >= 0xE0020 && r <= 0xE007E {
				t.WriteRune(r - 0xE0000)
			}
		case isBidiControl(r):
			found = true
		case r == 0xFEFF && i == 0, r == 0x00AD:
		case r == 0x200D && i > 0 && isEmojiPart(runes[i-1]):
			b.WriteRune(r)
		case isInvisible(r):
			found = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), t.String(), found
}

func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// isInvisible lists zero-width and filler characters with no place in an
// interview answer.
func isInvisible(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF,
		0x180E, 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x17B4, 0x17B5:
		return true
	}
	return false
}

// isEmojiPart reports whether r can precede a zero-width joiner in an emoji
// sequence (👩‍💻): a symbol or a variation selector.
func isEmojiPart(r rune) bool {
	return unicode.Is(unicode.So, r) || r >= 0xFE00 && r <= 0xFE0F || r >= 0x1F3FB && r <= 0x1F3FF
}
