package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
)

// File is a file uploaded through Slack's external upload flow
// (files.getUploadURLExternal, a POST of the bytes to the URL it returned,
// files.completeUploadExternal), as a person would find it shared.
type File struct {
	ID, Name, Title string
	Channel         string // where completeUploadExternal shared it
	ThreadTS        string
	Comment         string // initial_comment
	Data            []byte
}

// fileStore is the fake's file state; Server.mu guards it.
type fileStore struct {
	pending map[string]*File // got an upload URL, not completed
	shared  []File
	failure string // the error getUploadURLExternal answers with, when set
}

// Files returns copies of the files shared so far, in completion order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.files.shared)
}

// FailUploads makes files.getUploadURLExternal answer with the Slack error
// code (say "not_allowed_token_type" or "ratelimited"); "" lets uploads work
// again.
func (s *Server) FailUploads(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files.failure = code
}

func (s *Server) getUploadURL(q request) map[string]any {
	if s.files.failure != "" {
		return map[string]any{"ok": false, "error": s.files.failure}
	}
	name, length := q.get("filename"), q.get("length")
	if n, err := strconv.Atoi(length); name == "" || err != nil || n <= 0 {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	if s.files.pending == nil {
		s.files.pending = map[string]*File{}
	}
	s.seq++
	id := fmt.Sprintf("F%08d", s.seq)
	s.files.pending[id] = &File{ID: id, Name: name}
	return map[string]any{"ok": true, "file_id": id, "upload_url": s.srv.URL + "/upload/" + id}
}

// serveUpload takes the bytes of a pending file, sent as a multipart form
// field "file" the way slack-go sends them.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "want a multipart field named file: "+err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.files.pending[r.PathValue("id")]
	if p == nil {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	p.Data = data
	s.notify()
	fmt.Fprintf(w, "OK - %d", len(data))
}

func (s *Server) completeUpload(q request) map[string]any {
	var files []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(q.get("files")), &files); err != nil || len(files) == 0 {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	ch, thread := q.get("channel_id"), q.get("thread_ts")
	if thread != "" && s.find(ch, thread) == nil {
		return map[string]any{"ok": false, "error": "thread_not_found"}
	}
	var out []map[string]any
	for _, f := range files {
		p := s.files.pending[f.ID]
		if p == nil || p.Data == nil {
			return map[string]any{"ok": false, "error": "file_not_found"}
		}
		delete(s.files.pending, f.ID)
		p.Title, p.Channel, p.ThreadTS, p.Comment = f.Title, ch, thread, q.get("initial_comment")
		s.files.shared = append(s.files.shared, *p)
		out = append(out, map[string]any{"id": p.ID, "title": p.Title, "name": p.Name})
	}
	return map[string]any{"ok": true, "files": out}
}
