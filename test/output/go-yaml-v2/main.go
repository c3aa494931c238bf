package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v2"
)

// Helper for yaml-go-parity.test.ts. It is built against a copy of go-yaml v2 to which the test adds
// KeyLess (an exported wrapper of go-yaml's key sorter).
//
//	go-yaml-v2 yaml: reads one JSON document per line and prints it as YAML the way sigs.k8s.io/yaml (and so
//	                 calicoctl) does, decoded and re-encoded by go-yaml v2; each document ends with a NUL byte.
//	go-yaml-v2 less: reads "a<TAB>b" lines and prints whether go-yaml sorts key a before key b.
func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<28)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		if len(os.Args) > 1 && os.Args[1] == "less" {
			p := strings.SplitN(in.Text(), "\t", 2)
			fmt.Fprintln(out, yaml.KeyLess(p[0], p[1]))
			continue
		}
		var v interface{}
		if err := yaml.Unmarshal(in.Bytes(), &v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		b, err := yaml.Marshal(v)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out.Write(b)
		out.WriteByte(0)
	}
}
