/**
 * Calico's rules for the context kinds (GlobalNetworkPolicy, Tier, FelixConfiguration, ...) that their
 * CRD-derived schemas cannot state.
 */
import type {Finding} from './finding.js'

export function checkGlobalNetworkPolicy(_resource: unknown, _findings: Finding[]): void {}
export function checkStagedGlobalNetworkPolicy(_resource: unknown, _findings: Finding[]): void {}
export function checkNetworkPolicy(_resource: unknown, _findings: Finding[]): void {}
export function checkTier(_resource: unknown, _findings: Finding[]): void {}
export function checkProfile(_resource: unknown, _findings: Finding[]): void {}
export function checkFelixConfiguration(_resource: unknown, _findings: Finding[]): void {}
export function checkGlobalNetworkSet(_resource: unknown, _findings: Finding[]): void {}
