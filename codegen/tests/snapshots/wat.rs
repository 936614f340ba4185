/// The exports of an instance of world `example`, with the functions to link its imports and to instantiate it.
pub struct Example {
    instance: ::hoist::component::Instance,
    same_name_this_name_is_duplicated: self::exports::same::name::this_name_is_duplicated::Guest,
}
impl Example {
    /// Registers everything world `example` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
    {
        let _ = (linker, get);
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `example`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `example`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `example` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let same_name_this_name_is_duplicated = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "same:name/this-name-is-duplicated",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `same:name/this-name-is-duplicated` in world example"
                    )
                })?;
            self::exports::same::name::this_name_is_duplicated::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            same_name_this_name_is_duplicated,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `same:name/this-name-is-duplicated`.
    pub fn same_name_this_name_is_duplicated(
        &self,
    ) -> &self::exports::same::name::this_name_is_duplicated::Guest {
        &self.same_name_this_name_is_duplicated
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod same {
        //! Bindings generated from WIT, for `exports/same`.
        pub mod name {
            //! Bindings generated from WIT, for `exports/same/name`.
            pub mod this_name_is_duplicated {
                //! Bindings generated from WIT, for `exports/same/name/this_name_is_duplicated`.
                /// The WIT type `this-name-is-duplicated`.
                /// A resource the guest implements: handles to it are `ResourceAny`s.
                pub type ThisNameIsDuplicated = ::hoist::component::ResourceAny;
                /// Typed access to the functions of the exported interface `same:name/this-name-is-duplicated`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `same:name/this-name-is-duplicated` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                        })
                    }
                }
                /// Typed access to the constructor and methods of resource `this-name-is-duplicated` of `same:name/this-name-is-duplicated`; handles to it are `ResourceAny`s.
                pub struct GuestThisNameIsDuplicated<'a> {
                    guest: &'a Guest,
                }
                impl GuestThisNameIsDuplicated<'_> {}
                impl Guest {
                    /// The functions of resource `this-name-is-duplicated`.
                    pub fn this_name_is_duplicated(
                        &self,
                    ) -> GuestThisNameIsDuplicated<'_> {
                        GuestThisNameIsDuplicated {
                            guest: self,
                        }
                    }
                }
            }
        }
    }
}
