// Runs Go's text/template as kubectl's -o go-template does (template "output", unstructured JSON data,
// missingkey=error when missing keys are not allowed) plus calicoctl's join and joinAndTruncate.
// Input: one JSON object per line {"template": "...", "data": ..., "allowMissingKeys": true}.
// Output: one JSON object per line {"out": "..."} or {"error": "..."}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"text/template"
)

type request struct {
	Template         string          `json:"template"`
	Data             json.RawMessage `json:"data"`
	AllowMissingKeys bool            `json:"allowMissingKeys"`
}

type response struct {
	Out   *string `json:"out,omitempty"`
	Error *string `json:"error,omitempty"`
}

func joinItems(items interface{}, separator string) string {
	return truncatedJoin(items, separator, 0)
}

// truncatedJoin follows calicoctl's joinAndTruncate: maps become sorted key=value strings, other
// non-slices a one-element slice; the joined text is cut to maxLen (ending in "...") when maxLen > 0.
func truncatedJoin(items interface{}, separator string, maxLen int) string {
	if items == nil {
		return ""
	}
	if reflect.TypeOf(items).Kind() == reflect.Map {
		pairs := []string{}
		m := reflect.ValueOf(items)
		for _, k := range m.MapKeys() {
			pairs = append(pairs, fmt.Sprintf("%v=%v", k.Interface(), m.MapIndex(k).Interface()))
		}
		sort.Strings(pairs)
		items = pairs
	}
	if reflect.TypeOf(items).Kind() != reflect.Slice {
		items = []interface{}{items}
	}
	list := reflect.ValueOf(items)
	var buf bytes.Buffer
	for i := 0; i < list.Len(); i++ {
		if i > 0 {
			buf.WriteString(separator)
		}
		fmt.Fprint(&buf, list.Index(i).Interface())
		if maxLen > 0 && buf.Len() > maxLen {
			buf.Truncate(maxLen - 3)
			buf.WriteString("...")
			break
		}
	}
	return buf.String()
}

// unstructured turns JSON numbers into int64 where they are integers and float64 otherwise, as the
// unstructured objects kubectl hands to its template printers hold them.
func unstructured(v interface{}) interface{} {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case []interface{}:
		for i := range t {
			t[i] = unstructured(t[i])
		}
	case map[string]interface{}:
		for k := range t {
			t[k] = unstructured(t[k])
		}
	}
	return v
}

func run(r request) (string, error) {
	t := template.New("output").Funcs(template.FuncMap{"join": joinItems, "joinAndTruncate": truncatedJoin})
	if _, err := t.Parse(r.Template); err != nil {
		return "", err
	}
	if !r.AllowMissingKeys {
		t.Option("missingkey=error")
	}
	dec := json.NewDecoder(bytes.NewReader(r.Data))
	dec.UseNumber()
	var data interface{}
	if err := dec.Decode(&data); err != nil {
		return "", err
	}
	data = unstructured(data)
	var out bytes.Buffer
	err := t.Execute(&out, data)
	return out.String(), err
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var r request
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		out, err := run(r)
		var resp response
		if err != nil {
			msg := err.Error()
			resp.Error = &msg
		} else {
			resp.Out = &out
		}
		if err := enc.Encode(resp); err != nil {
			os.Exit(2)
		}
	}
}
