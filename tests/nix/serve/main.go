// Command serve serves a folder over HTTP on the loopback interface, for
// the Nix library's tests (opam2drv lock takes only http(s) archives).
// It listens on 127.0.0.1 at a free port, writes the port to -port-file,
// and stops after -timeout.
//
// Usage:
//
//	go run ./tests/nix/serve -dir DIR -port-file FILE [-timeout 10m]
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	dir := flag.String("dir", ".", "folder to serve")
	portFile := flag.String("port-file", "", "file to write the port to")
	timeout := flag.Duration("timeout", 10*time.Minute, "stop after this long")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if *portFile != "" {
		if err := os.WriteFile(*portFile, []byte(strconv.Itoa(port)+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "serve:", err)
			os.Exit(1)
		}
	}
	time.AfterFunc(*timeout, func() { os.Exit(0) })
	srv := &http.Server{Handler: http.FileServer(http.Dir(*dir)), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}
