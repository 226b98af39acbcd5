package storetest

import (
	"io"
	"net"
	"sync"
	"testing"
)

// CutProxy forwards TCP connections to a database server and can cut them:
// while cut it closes every open connection and refuses new ones, which is
// what a client sees when the server is stopped, without stopping the
// server other tests share.
type CutProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	cut   bool
	conns map[net.Conn]bool
}

// MustCutProxy listens on loopback and forwards to target until the test ends.
func MustCutProxy(tb testing.TB, target string) *CutProxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("proxy listen: %v", err)
	}
	p := &CutProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.serve(&wg)
	}()
	tb.Cleanup(func() {
		ln.Close()
		p.SetCut(true)
		wg.Wait()
	})
	return p
}

// Addr is the host:port clients connect to instead of the target.
func (p *CutProxy) Addr() string { return p.ln.Addr().String() }

// SetCut cuts (closing every connection) or restores the way through.
func (p *CutProxy) SetCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
	}
}

// track registers c unless the proxy is cut.
func (p *CutProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut {
		return false
	}
	for _, c := range cs {
		p.conns[c] = true
	}
	return true
}

func (p *CutProxy) forget(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
		c.Close()
	}
}

func (p *CutProxy) serve(wg *sync.WaitGroup) {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		if !p.track(in, out) {
			in.Close()
			out.Close()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := make(chan struct{}, 2)
			go func() { io.Copy(out, in); done <- struct{}{} }()
			go func() { io.Copy(in, out); done <- struct{}{} }()
			<-done
			p.forget(in, out)
			<-done
		}()
	}
}
