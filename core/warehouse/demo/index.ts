export { generateDemo, ensureDemoData, DEFAULT_DEMO_OPTIONS, DemoDataExistsError, demoOptionsSchema, type DemoOptions, type DemoInput, type DemoSummary } from './generate.ts';
export { DEPOT, ZONES, TYPES_INTERVENTION, TECHNICIENS, STAFF, COMPANY_DOMAIN, companyEmail, type ZoneRef, type TypeInterventionRef, type TechnicienRef, type StaffRef, type Specialite } from './reference.ts';
