// Package boundedfile reads files named by users without trusting them to
// be small or regular: a mistyped path such as /dev/zero or a folder fails
// at once instead of exhausting memory.
package boundedfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is returned for a folder, a device or a socket.
var ErrNotRegular = errors.New("not a regular file")

// A TooLargeError reports a file or pipe over the bound given to ReadFile.
type TooLargeError struct {
	Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %d MiB", e.Max>>20)
}

// ReadFile reads the regular file or pipe at path. It returns ErrNotRegular
// for a folder, a device or a socket, and a *TooLargeError when there are
// more than max bytes, reading no more than max+1 of them. Errors from the
// file system are returned as they are.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode()&(fs.ModeDir|fs.ModeDevice|fs.ModeCharDevice|fs.ModeSocket) != 0 {
		return nil, ErrNotRegular
	}
	if st.Size() > max {
		return nil, &TooLargeError{Max: max}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{Max: max}
	}
	return data, nil
}
