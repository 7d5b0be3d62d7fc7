// argocd-decode reads a config management plugin's generate output on stdin
// and parses it the way Argo CD does, for test/e2e/argocd-cmp.test.ts:
//
//  1. the cmp-server drops one trailing newline of the command's stdout and
//     splits the rest into documents with k8s.io/apimachinery's
//     YAMLOrJSONDecoder (4096-byte buffer, each document a RawExtension;
//     empty and "null" documents left out);
//  2. the repo server splits each of those again the same way and
//     unmarshals every document into an unstructured object with
//     sigs.k8s.io/yaml.
//
// It prints the objects as one JSON array. A document Argo CD would refuse
// makes it print Argo CD's reason on stderr and exit 1.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// documents splits a YAML or JSON stream into its non-empty documents.
func documents(data []byte) ([]string, error) {
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var out []string
	for {
		var raw runtime.RawExtension
		err := decoder.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("failed to unmarshal manifest: %w", err)
		}
		doc := bytes.TrimSpace(raw.Raw)
		if len(doc) == 0 || string(doc) == "null" {
			continue
		}
		out = append(out, string(doc))
	}
}

func run() error {
	stdout, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	manifests, err := documents([]byte(strings.TrimSuffix(string(stdout), "\n")))
	if err != nil {
		return err
	}
	objects := []map[string]any{}
	for _, manifest := range manifests {
		docs, err := documents([]byte(manifest))
		if err != nil {
			return fmt.Errorf("failed to convert CMP manifests to unstructured objects: %w", err)
		}
		for _, doc := range docs {
			u := &unstructured.Unstructured{}
			if err := yaml.Unmarshal([]byte(doc), u); err != nil {
				return fmt.Errorf("failed to convert CMP manifests to unstructured objects: failed to unmarshal manifest: %w", err)
			}
			objects = append(objects, u.Object)
		}
	}
	return json.NewEncoder(os.Stdout).Encode(objects)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
