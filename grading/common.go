package grading

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/kljensen/snowball/english"
)

// enCommonList is the 5,000 most frequent English words of Wikipedia, most
// frequent first (see dict/NOTICE.md).
//
//go:embed dict/en_common.txt
var enCommonList string

// enCommon holds the stems of enCommonList. A one-word phrase that is one of
// them ("version", "change", "watch") appears in answers about anything, so
// finding it is no evidence that a particular key point was made.
var enCommon = sync.OnceValue(func() map[string]bool {
	words := strings.Fields(enCommonList)
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[english.Stem(w, true)] = true
	}
	return m
})
