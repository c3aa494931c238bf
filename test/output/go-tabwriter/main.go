package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
)

// Helper for table-tabwriter.test.ts: reads one JSON array of rows (arrays of cells) per line and lays each
// out as calicoctl does (text/tabwriter: minwidth 5, tabwidth 1, padding 3, spaces, every cell
// tab-terminated); each table ends with a NUL byte.
func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var rows [][]string
		if err := json.Unmarshal(in.Bytes(), &rows); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		w := tabwriter.NewWriter(out, 5, 1, 3, ' ', 0)
		for _, row := range rows {
			fmt.Fprint(w, strings.Join(row, "\t")+"\t\n")
		}
		w.Flush()
		out.WriteByte(0)
	}
}
