export const IS_PUBLIC = 'lt:public';
export const REQUIRED_PERMISSION = 'lt:permission';
