/**
 * What `validate` found, in the one shape every reporter (text, json, junit, sarif, github) reads.
 */
import {hasErrors, type Problem} from '../problem/problem.js'

/** One resource and the problems found in it. */
export interface ResourceReport {
  /** The path as the user gave it; `-` for stdin. */
  file: string
  /** 0-based index of the YAML document in its file. */
  document: number
  /** 1-based position of the start of the resource. */
  line: number
  column: number
  name?: string
  problems: Problem[]
}

export interface ValidationSummary {
  files: number
  resources: number
  /** Resources with no error (warnings allowed). */
  valid: number
  invalid: number
  errors: number
  warnings: number
}

export interface ValidationReport {
  resources: ResourceReport[]
  /** Problems not tied to one resource: unreadable input, YAML syntax errors, wrong kind. */
  problems: Problem[]
  summary: ValidationSummary
}

/** Count what a report holds. `files` is how many files were read (a file may hold no resource). */
export function summarize(resources: readonly ResourceReport[], problems: readonly Problem[], files: number): ValidationSummary {
  let errors = 0
  let warnings = 0
  let invalid = 0
  const count = (list: readonly Problem[]): void => {
    for (const p of list) {
      if (p.severity === 'error') errors++
      else warnings++
    }
  }
  for (const r of resources) {
    count(r.problems)
    if (hasErrors(r.problems)) invalid++
  }
  count(problems)
  return {files, resources: resources.length, valid: resources.length - invalid, invalid, errors, warnings}
}

/** Build a report from its parts. */
export function buildValidationReport(resources: ResourceReport[], problems: Problem[], files: number): ValidationReport {
  return {resources, problems, summary: summarize(resources, problems, files)}
}
