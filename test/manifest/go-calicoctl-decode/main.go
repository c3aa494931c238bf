package main

// Reference for calicoctl-yaml.differential.test.ts: decodes manifests the way calicoctl v3.32 does.
// Input (stdin): cases separated by NUL bytes. For each case, the text is split into documents at "\n---"
// (plus the rest of that line), as calicoctl's document separator does, and each document is decoded with
// sigs.k8s.io/yaml UnmarshalStrict (go-yaml v2, then JSON) into a typed HostEndpoint. Output: one JSON line
// per case, {"docs": [...]} with each document's JSON as calicoctl stores it, or {"error": "..."} for the
// first document calicoctl refuses. An empty document prints as null.
//
// With -any (for yaml-test-suite.differential.test.ts), each document is decoded as calicoctl's loose
// pre-decode does, with sigs.k8s.io/yaml UnmarshalStrict into an interface{}, and printed as the JSON that
// YAMLToJSONStrict makes of it (integers keep their digits). A case on which go-yaml panics prints
// {"panic": "..."}: calicoctl would crash there.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"sigs.k8s.io/yaml"
)

// Protocol reads like numorstring.Protocol: a number, or a string that becomes a number when it is a uint8.
type Protocol struct {
	num    *uint8
	str    string
}

func (p *Protocol) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if n, err := strconv.ParseUint(s, 10, 8); err == nil {
			u := uint8(n)
			p.num = &u
			return nil
		}
		p.str = s
		return nil
	}
	var u uint8
	if err := json.Unmarshal(b, &u); err != nil {
		return err
	}
	p.num = &u
	return nil
}

func (p Protocol) MarshalJSON() ([]byte, error) {
	if p.num != nil {
		return json.Marshal(*p.num)
	}
	return json.Marshal(p.str)
}

type Port struct {
	Name     string   `json:"name"`
	Protocol Protocol `json:"protocol"`
	Port     uint16   `json:"port"`
}

type Spec struct {
	Node          string   `json:"node,omitempty"`
	InterfaceName string   `json:"interfaceName,omitempty"`
	ExpectedIPs   []string `json:"expectedIPs,omitempty"`
	Profiles      []string `json:"profiles,omitempty"`
	Ports         []Port   `json:"ports,omitempty"`
}

type Metadata struct {
	Name        string            `json:"name,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type HostEndpoint struct {
	Kind       string   `json:"kind,omitempty"`
	APIVersion string   `json:"apiVersion,omitempty"`
	Metadata   Metadata `json:"metadata"`
	Spec       Spec     `json:"spec"`
}

// split is calicoctl's document split function (util/yaml/separator.go), written again.
func split(data []byte, atEOF bool) (int, []byte, error) {
	const sep = "\n---"
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.Index(data, []byte(sep)); i >= 0 {
		rest := data[i+len(sep):]
		if len(rest) == 0 {
			if atEOF {
				return len(data), data[:i], nil
			}
			return 0, nil, nil
		}
		if j := bytes.IndexByte(rest, '\n'); j >= 0 {
			return i + len(sep) + j + 1, data[:i], nil
		}
		return 0, nil, nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// decodeAny is one document as calicoctl's first, untyped decode reads it.
func decodeAny(doc []byte) (json.RawMessage, error) {
	var v interface{}
	if err := yaml.UnmarshalStrict(doc, &v); err != nil {
		return nil, err
	}
	return yaml.YAMLToJSONStrict(doc)
}

// decodeTyped is one document as calicoctl stores it: nil for an empty document.
func decodeTyped(doc []byte) (json.RawMessage, error) {
	var probe interface{}
	if err := yaml.Unmarshal(doc, &probe); err != nil {
		return nil, err
	}
	if probe == nil {
		return json.RawMessage("null"), nil
	}
	var h HostEndpoint
	if err := yaml.UnmarshalStrict(doc, &h); err != nil {
		return nil, err
	}
	return json.Marshal(h)
}

func decode(text []byte, one func([]byte) (json.RawMessage, error)) (result map[string]interface{}) {
	defer func() {
		if p := recover(); p != nil {
			result = map[string]interface{}{"panic": fmt.Sprint(p)}
		}
	}()
	s := bufio.NewScanner(bytes.NewReader(text))
	s.Buffer(make([]byte, 1024), 10*1024*1024)
	s.Split(split)
	docs := []json.RawMessage{}
	for s.Scan() {
		b, err := one(s.Bytes())
		if err != nil {
			return map[string]interface{}{"error": err.Error()}
		}
		docs = append(docs, b)
	}
	if err := s.Err(); err != nil {
		return map[string]interface{}{"error": err.Error()}
	}
	return map[string]interface{}{"docs": docs}
}

func main() {
	untyped := flag.Bool("any", false, "decode each document into an interface{} rather than a HostEndpoint")
	flag.Parse()
	one := decodeTyped
	if *untyped {
		one = decodeAny
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	cases := bytes.Split(in, []byte{0})
	if len(cases) > 0 && len(cases[len(cases)-1]) == 0 {
		cases = cases[:len(cases)-1]
	}
	for _, c := range cases {
		b, _ := json.Marshal(decode(c, one))
		out.Write(b)
		out.WriteByte('\n')
	}
}
