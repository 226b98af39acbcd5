package terminal

import (
	"bufio"
	"errors"
	"io"
)

// lineReader reads lines of any length without holding more than max bytes
// of one: bufio.Scanner would stop at its 64 KB token limit and lose the rest
// of the input, while a 1 MB paste must only get a polite refusal.
type lineReader struct {
	r   *bufio.Reader
	max int
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// line is one line of input. When the line was longer than the cap, text
// holds its first max+1 bytes and size its full length.
type line struct {
	text string
	size int
	err  error // io.EOF after the last line, or a read error
}

// next returns the next line without its line ending. At end of input it
// returns the last unterminated line (if any) and then io.EOF.
func (lr *lineReader) next() line {
	var buf []byte
	size := 0
	for {
		chunk, err := lr.r.ReadSlice('\n')
		size += len(chunk)
		if room := lr.max + 1 - len(buf); room > 0 {
			buf = append(buf, chunk[:min(room, len(chunk))]...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil && size == 0:
			return line{err: err}
		}
		// A line ended by "\n", or the last line before EOF or an error;
		// that error comes back from the next call.
		n := size - eolLen(chunk)
		if n > lr.max {
			return line{text: string(buf), size: n}
		}
		return line{text: string(buf[:n]), size: n}
	}
}

// eolLen is the length of the "\n" or "\r\n" that ends b, 0 when none.
func eolLen(b []byte) int {
	switch {
	case len(b) >= 2 && b[len(b)-2] == '\r' && b[len(b)-1] == '\n':
		return 2
	case len(b) >= 1 && b[len(b)-1] == '\n':
		return 1
	}
	return 0
}
